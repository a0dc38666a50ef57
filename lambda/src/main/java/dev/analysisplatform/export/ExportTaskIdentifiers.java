package dev.analysisplatform.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * Names export tasks. The name is a pure function of the snapshot, the destination, the table selection and
 * the attempt number, so a re-run computes the same name (and RDS itself refuses a duplicate start), while a
 * different bucket, prefix, table selection or a retry after a failure gets a different one.
 *
 * <p>RDS rules: 1–60 letters, digits and hyphens; first a letter; no {@code --}; no trailing hyphen.
 * Shape: {@code exp-<readable part of the snapshot id>-<10 hex digits of SHA-256>}.
 */
public final class ExportTaskIdentifiers {

    static final int MAX_LENGTH = 60;
    private static final String PREFIX = "exp-";
    private static final int HASH_HEX_DIGITS = 10;
    private static final int MAX_READABLE = MAX_LENGTH - PREFIX.length() - 1 - HASH_HEX_DIGITS;

    private ExportTaskIdentifiers() {
    }

    public static String forAttempt(Snapshot snapshot, ExportDestination destination, ExportSelection selection,
                                    int attempt) {
        if (attempt < 1) {
            throw new IllegalArgumentException("attempt starts at 1, got " + attempt);
        }
        String hash = hash(snapshot.arn() + "\n" + destination.bucket() + "\n" + destination.prefix()
                + "\n" + attempt + selection.identityPart());
        String readable = readablePart(snapshot.identifier());
        return readable.isEmpty() ? PREFIX + hash : PREFIX + readable + "-" + hash;
    }

    /** True when {@code identifier} satisfies RDS's rules for export task identifiers. */
    public static boolean isValid(String identifier) {
        return identifier != null
                && identifier.length() <= MAX_LENGTH
                && identifier.matches("[A-Za-z][A-Za-z0-9-]*")
                && !identifier.contains("--")
                && !identifier.endsWith("-");
    }

    static String readablePart(String snapshotIdentifier) {
        String id = snapshotIdentifier.toLowerCase(Locale.ROOT);
        int lastColon = id.lastIndexOf(':');
        if (id.startsWith("arn:") && lastColon >= 0) {
            id = id.substring(lastColon + 1);
        }
        // "rds:" and "awsbackup:" prefixes carry no information once the type is known.
        id = id.replaceFirst("^(rds|awsbackup):", "");
        String cleaned = id.replaceAll("[^a-z0-9]+", "-").replaceAll("-{2,}", "-");
        if (cleaned.length() > MAX_READABLE) {
            cleaned = cleaned.substring(0, MAX_READABLE);
        }
        return cleaned.replaceAll("^-+|-+$", "");
    }

    private static String hash(String value) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, HASH_HEX_DIGITS);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM provides SHA-256", e);
        }
    }
}
