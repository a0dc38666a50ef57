package dev.analysisplatform.export;

/**
 * How to reach a source account: the role to assume there (and its ExternalId), or {@code null} for the
 * caller's own credentials, which the CLI uses for a one-off export in a single account; and the region of its
 * database, or {@code null} for the function's own.
 */
public record SourceAccess(String roleArn, String externalId, String region) {

    public static final SourceAccess CALLER = new SourceAccess(null, null);

    public SourceAccess(String roleArn, String externalId) {
        this(roleArn, externalId, null);
    }

    public boolean assumesRole() {
        return roleArn != null;
    }

    public String describe() {
        return (assumesRole() ? "role " + roleArn : "the caller's own credentials") + (region == null ? "" : " in " + region);
    }
}
