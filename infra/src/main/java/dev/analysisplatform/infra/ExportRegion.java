package dev.analysisplatform.infra;

/**
 * Where one region's sources export to: RDS exports a snapshot only "to an S3 bucket in the same AWS Region as the
 * snapshot" (RDS user guide, exporting snapshot data to Amazon S3), with a KMS key of that region. The analytics
 * region's are the stack's own {@code export-key} and {@code export-bucket}; each other source region gets its own,
 * the same protections, made by a provider for that region. The catalog stays one Glue database in the analytics region.
 */
public record ExportRegion(String region, ExportKey key, ExportBucket bucket) {
}
