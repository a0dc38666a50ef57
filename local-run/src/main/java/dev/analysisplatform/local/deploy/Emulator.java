package dev.analysisplatform.local.deploy;

/**
 * The emulated pair of accounts: one endpoint, moto's default account as analytics account, and a source
 * account reached through STS AssumeRole (moto acts in the account of an assumed role's ARN).
 */
public record Emulator(String endpoint, String analyticsAccountId, String region) {

    /** Role that "deploys" into a source account in the emulator; moto needs no such role to exist. */
    public String deployerRoleArn(String accountId) {
        return "arn:aws:iam::" + accountId + ":role/analysis-platform-local-deployer";
    }
}
