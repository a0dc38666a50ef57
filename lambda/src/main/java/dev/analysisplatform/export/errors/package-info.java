/**
 * Every failure the exporter reports on purpose. Step Functions matches Lambda errors by the exception's
 * fully qualified class name, so these names are part of the contract with the state machine in
 * {@code infra/}: rename one only together with its Retry/Catch rule there.
 */
package dev.analysisplatform.export.errors;
