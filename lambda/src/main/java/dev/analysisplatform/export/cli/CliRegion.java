package dev.analysisplatform.export.cli;

import dev.analysisplatform.contract.Arns;
import dev.analysisplatform.contract.ValueRules;
import dev.analysisplatform.export.errors.InvalidConfigurationException;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.profiles.ProfileProperty;

/**
 * The CLI's region, decided before any client exists. Lambda always has AWS_REGION; a terminal may have none, and the
 * SDK's default chain then ends at the EC2 instance metadata service, which on a laptop answers only after seconds of
 * timeouts. An export runs in one region (RDS: "The S3 bucket must be in the same AWS Region as the snapshot"), and the
 * KMS key must be there too, so its ARN names the region when nothing else does.
 */
final class CliRegion {

    private CliRegion() {
    }

    /** {@code --region}, else the environment's or the profile's, else the KMS key's; null when none says. */
    static String resolve(String flag, Map<String, String> env, String kmsKeyArn) {
        if (flag != null) {
            String problem = ValueRules.region(flag);
            if (problem != null) {
                throw new InvalidConfigurationException("--region must be " + problem + ", got '" + flag + "'");
            }
            return flag;
        }
        for (String variable : new String[] {"AWS_REGION", "AWS_DEFAULT_REGION"}) {
            String value = env.get(variable);
            if (value != null && !value.isBlank()) {
                return value.strip();
            }
        }
        String property = System.getProperty("aws.region");
        if (property != null && !property.isBlank()) {
            return property;
        }
        return profileRegion(env).orElseGet(() -> kmsRegion(kmsKeyArn));
    }

    private static Optional<String> profileRegion(Map<String, String> env) {
        try {
            String profile = env.getOrDefault("AWS_PROFILE", "default");
            return ProfileFile.defaultProfileFile().profile(profile).flatMap(p -> p.property(ProfileProperty.REGION));
        } catch (RuntimeException unreadable) {
            // A malformed ~/.aws/config is the SDK's to report when it reads credentials; here it only has no region.
            return Optional.empty();
        }
    }

    /** arn:partition:kms:REGION:account:key/id */
    private static String kmsRegion(String kmsKeyArn) {
        String region = Arns.region(kmsKeyArn);
        return ValueRules.region(region) == null ? region : null;
    }
}
