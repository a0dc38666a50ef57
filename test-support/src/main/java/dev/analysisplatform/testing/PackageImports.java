package dev.analysisplatform.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Which sibling packages a package's sources import, for tests that hold a module's packages to one-way
 * dependencies. Same-package references need no import, so a class of the base package used from a sub-package
 * shows up as an import of {@code <base>.ClassName} and is reported as {@link #BASE}.
 */
public final class PackageImports {

    /** How an import of a class directly in the base package is reported. */
    public static final String BASE = "(base)";

    private PackageImports() {
    }

    /**
     * Imports in {@code sources}/{@code pkg} of {@code base}'s other packages that are not in {@code permitted}, as
     * "File.java imports base.target" lines; empty when the package keeps to its rules.
     */
    public static List<String> violations(Path sources, String base, String pkg, List<String> permitted) {
        Pattern imports = Pattern.compile("^import (?:static )?" + Pattern.quote(base) + "\\.([\\w.]+);", Pattern.MULTILINE);
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.list(sources.resolve(pkg))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                Matcher matcher = imports.matcher(Files.readString(file));
                while (matcher.find()) {
                    String target = matcher.group(1);
                    String targetPackage = target.contains(".") ? target.substring(0, target.indexOf('.')) : BASE;
                    if (!targetPackage.equals(pkg) && !permitted.contains(targetPackage)) {
                        violations.add(file.getFileName() + " imports " + base + "." + target);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return violations;
    }
}
