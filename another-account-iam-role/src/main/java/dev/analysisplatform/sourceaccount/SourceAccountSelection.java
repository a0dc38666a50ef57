package dev.analysisplatform.sourceaccount;

import dev.analysisplatform.environment.EnvironmentDefinition;
import java.util.List;
import java.util.Map;

/**
 * Which source account a synth is for. {@code cdktf deploy dev} must work unchanged in each source account, but
 * a Terraform backend cannot depend on the caller's account. So the account comes from {@code SOURCE_ACCOUNT_ID}
 * when the environment has several source accounts, and is implied when it has one; the provider's
 * {@code allowed_account_ids} then refuses to run with another account's credentials.
 */
public final class SourceAccountSelection {

    public static final String VARIABLE = "SOURCE_ACCOUNT_ID";

    private SourceAccountSelection() {
    }

    public static String accountFor(EnvironmentDefinition environment, Map<String, String> processEnvironment) {
        List<String> accounts = environment.sourceAccountIds();
        String chosen = processEnvironment.get(VARIABLE);
        if (chosen == null || chosen.isBlank()) {
            if (accounts.size() == 1) {
                return accounts.get(0);
            }
            throw new IllegalArgumentException("environments/" + environment.name() + ".json has sources in "
                    + accounts.size() + " accounts " + accounts + ": set " + VARIABLE
                    + " to the account you are deploying, e.g. " + VARIABLE + "=" + accounts.get(0) + " npx cdktf deploy "
                    + environment.name());
        }
        if (!accounts.contains(chosen.strip())) {
            throw new IllegalArgumentException(VARIABLE + "=" + chosen + " is not a source account of environments/"
                    + environment.name() + ".json (" + accounts + ")");
        }
        return chosen.strip();
    }
}
