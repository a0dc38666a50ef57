package dev.analysisplatform.export;

import software.amazon.awssdk.services.rds.RdsClient;

/** Gives the RDS client that acts in a source account. Implementations cache: clients live per container. */
@FunctionalInterface
public interface SourceClients {
    RdsClient rds(SourceAccess access);
}
