package dev.analysisplatform.infra;

import com.hashicorp.cdktf.providers.aws.glue_catalog_database.GlueCatalogDatabase;
import dev.analysisplatform.environment.EnvironmentDefinition;
import software.constructs.Construct;

/**
 * The environment's Glue database. Its tables are not Terraform's: the registration step creates and moves
 * them after each export, from RDS's own metadata (so Terraform never fights the catalog over columns).
 */
public final class ExportCatalog extends Construct {

    public final GlueCatalogDatabase database;

    public ExportCatalog(Construct scope, String id, EnvironmentDefinition environment) {
        super(scope, id);
        database = GlueCatalogDatabase.Builder.create(this, "database")
                .name(environment.names().glueDatabaseName())
                .description("analysis-platform " + environment.name() + ": newest RDS exports (<source>_<db>_<schema>_<table>)"
                        + " and their history (<...>_history)")
                .build();
    }

    /** ARNs Glue authorises table and partition calls against: catalog, database, its tables. */
    public static String[] resourceArns(EnvironmentDefinition environment) {
        String base = "arn:" + environment.partition() + ":glue:" + environment.region() + ":"
                + environment.analyticsAccountId();
        String database = environment.names().glueDatabaseName();
        return new String[] {base + ":catalog", base + ":database/" + database, base + ":table/" + database + "/*"};
    }
}
