package dev.analysisplatform.sourceaccount;

import static org.assertj.core.api.Assertions.assertThat;

import com.hashicorp.cdktf.Testing;
import dev.analysisplatform.contract.Defaults;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.environment.EnvironmentDefinition;
import dev.analysisplatform.environment.SourceDefinition;
import dev.analysisplatform.infra.SynthesizedStack;
import dev.analysisplatform.infra.TestEnvironments;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * IAM caps a role's inline policies at 10,240 characters together (IAM and STS quotas, "Role policy size"; spaces not
 * counted). In a source account the reader role names each database and its snapshots, and the export role each
 * source's folder from before the account-scoped layout: this measures how many sources one account holds, in the
 * worst case (names of 63 characters, every snapshot type), and prints it for docs/operations.md "Fleet limits".
 */
class SourcesPerAccountTest {

    static final int ROLE_POLICY_CHARACTERS = 10_240;

    /** Worst case: 63-character names and identifiers, every snapshot type; typical: 20 characters, automated only. */
    private record Shape(int nameLength, List<String> types) {
    }

    private static final Shape WORST = new Shape(63, ValueRules.SNAPSHOT_TYPES);
    private static final Shape TYPICAL = new Shape(20, List.of(ValueRules.AUTOMATED));

    private static EnvironmentDefinition account(Shape shape, int sources) {
        List<SourceDefinition> all = new ArrayList<>();
        for (int i = 0; i < sources; i++) {
            String name = String.format("%03d", i) + "n".repeat(shape.nameLength() - 3);
            all.add(new SourceDefinition(name, TestEnvironments.SOURCE_A, null, name, shape.types(),
                    List.of(), null, Defaults.MAX_SNAPSHOT_AGE_HOURS, null));
        }
        return TestEnvironments.with(List.of(), all.toArray(SourceDefinition[]::new));
    }

    /** The characters of each of the two roles' inline policies, minified: {reader, export}. */
    private static int[] characters(Shape shape, int sources) {
        EnvironmentDefinition environment = account(shape, sources);
        IamPolicies policies = new IamPolicies().add(SynthesizedStack.of(new SourceAccountStack(Testing.app(), "source",
                environment, TestEnvironments.SOURCE_A)), TestEnvironments.SOURCE_A);
        return new int[] {size(policies, environment.names().readerRoleArn(TestEnvironments.SOURCE_A)),
                size(policies, environment.names().exportRoleArn(TestEnvironments.SOURCE_A))};
    }

    private static int size(IamPolicies policies, String role) {
        return policies.identityPolicies.get(role).stream().mapToInt(p -> p.toString().length()).sum();
    }

    /** The most sources one account's roles hold, checked at that number and one more. */
    private static int most(Shape shape, String label) {
        int[] one = characters(shape, 1);
        int[] eleven = characters(shape, 11);
        int readerPerSource = (eleven[0] - one[0]) / 10;
        int exportPerSource = (eleven[1] - one[1]) / 10;
        int most = Math.min((ROLE_POLICY_CHARACTERS - one[0]) / readerPerSource + 1,
                (ROLE_POLICY_CHARACTERS - one[1]) / exportPerSource + 1);
        while (Math.max(characters(shape, most)[0], characters(shape, most)[1]) > ROLE_POLICY_CHARACTERS) {
            most--;
        }
        int[] atMost = characters(shape, most);
        int[] beyond = characters(shape, most + 1);
        System.out.println("sources per account (" + label + "): " + most + "; reader role " + atMost[0]
                + " and export role " + atMost[1] + " characters of " + ROLE_POLICY_CHARACTERS + " (per source: reader "
                + readerPerSource + ", export " + exportPerSource + ")");
        assertThat(Math.max(beyond[0], beyond[1])).as(label + ": one source more").isGreaterThan(ROLE_POLICY_CHARACTERS);
        return most;
    }

    @Test
    void theRolesOfOneAccount_holdTheSourcesMeasuredHere() {
        int worst = most(WORST, "63-character names, every snapshot type");
        int typical = most(TYPICAL, "20-character names, automated snapshots");

        assertThat(worst).isGreaterThanOrEqualTo(10);
        assertThat(typical).isGreaterThan(worst);
    }
}
