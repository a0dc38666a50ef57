package dev.analysisplatform.contract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ArnsTest {

    @Test
    void regionAndAccount_ofRegionalGlobalAndNonArns() {
        String key = "arn:aws:kms:us-west-2:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab";
        assertThat(Arns.region(key)).isEqualTo("us-west-2");
        assertThat(Arns.account(key)).isEqualTo("111111111111");
        String snapshot = "arn:aws:rds:eu-west-1:222222222222:cluster-snapshot:rds:orders-2026-11-25-03-10";
        assertThat(Arns.region(snapshot)).isEqualTo("eu-west-1");
        assertThat(Arns.account(snapshot)).isEqualTo("222222222222");
        String role = "arn:aws:iam::222222222222:role/ap-snapshot-export";
        assertThat(Arns.region(role)).isEmpty();
        assertThat(Arns.account(role)).isEqualTo("222222222222");
        assertThat(Arns.region("alias/x")).isEmpty();
        assertThat(Arns.account(null)).isEmpty();
    }
}
