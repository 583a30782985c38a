package io.dialgate.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The files a user or a package index reads before any code: the licence, the Maven metadata every
 * module publishes and the changelog. Runs from the test-support module, so the repository root is its parent.
 */
class ProjectFilesTest {

    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void licenceIsApacheTwo() throws IOException {
        String licence = Files.readString(ROOT.resolve("LICENSE"));
        assertThat(licence).contains("Apache License", "Version 2.0, January 2004", "TERMS AND CONDITIONS FOR USE");
    }

    @Test
    void parentPomDeclaresLicenceDevelopersAndScm() throws Exception {
        Element project = pom(ROOT.resolve("pom.xml"));
        assertThat(text(project, "licenses/license/name")).isEqualTo("Apache-2.0");
        assertThat(text(project, "licenses/license/url")).startsWith("https://www.apache.org/licenses/LICENSE-2.0");
        assertThat(text(project, "developers/developer/name")).isNotBlank();
        assertThat(text(project, "scm/url")).startsWith("https://");
        assertThat(text(project, "scm/connection")).startsWith("scm:git:");
        assertThat(text(project, "url")).startsWith("https://");
        // Without these, Maven appends each module's artifactId to the inherited URLs, which then lead nowhere.
        assertThat(project.getAttribute("child.project.url.inherit.append.path")).isEqualTo("false");
        assertThat(((Element) project.getElementsByTagName("scm").item(0)).getAttribute("child.scm.url.inherit.append.path"))
                .isEqualTo("false");
    }

    @Test
    void everyModuleInheritsTheMetadataAndOverridesNone() throws Exception {
        List<Path> modulePoms;
        try (Stream<Path> dirs = Files.list(ROOT)) {
            modulePoms = dirs.map(dir -> dir.resolve("pom.xml")).filter(Files::isRegularFile).toList();
        }
        assertThat(modulePoms).hasSizeGreaterThanOrEqualTo(6);
        for (Path modulePom : modulePoms) {
            Element project = pom(modulePom);
            assertThat(text(project, "parent/artifactId")).as(modulePom.toString()).isEqualTo("dialgate-parent");
            assertThat(text(project, "name")).as(modulePom + " name").startsWith("Dialgate :: ");
            assertThat(text(project, "description")).as(modulePom + " description").isNotBlank();
            for (String inherited : List.of("licenses", "developers", "scm", "url")) {
                assertThat(child(project, inherited)).as(modulePom + " must inherit " + inherited).isNull();
            }
        }
    }

    @Test
    void shippedModulesBuildSourcesAndJavadocJars() throws Exception {
        for (String module : List.of("api-client", "simulator", "gateway")) {
            String pom = Files.readString(ROOT.resolve(module).resolve("pom.xml"));
            assertThat(pom).as(module).contains("<artifactId>maven-source-plugin</artifactId>",
                    "<artifactId>maven-javadoc-plugin</artifactId>");
        }
        // A javadoc slip must never fail a build.
        assertThat(Files.readString(ROOT.resolve("pom.xml"))).contains("<failOnError>false</failOnError>");
    }

    @Test
    void changelogFollowsKeepAChangelogFromZeroOneZero() throws IOException {
        String changelog = Files.readString(ROOT.resolve("CHANGELOG.md"));
        assertThat(changelog).startsWith("# Changelog").contains("keepachangelog.com", "## [Unreleased]")
                .containsPattern("(?m)^## \\[0\\.1\\.0\\] - \\d{4}-\\d{2}-\\d{2}$")
                .contains("[0.1.0]: ");
    }

    /**
     * Docs, READMEs and code comments say what they mean instead of pointing at the project's internal notes
     * (the design and style notes, the issue tracker), which a user of the repository cannot read.
     */
    @Test
    void noFileCitesInternalNotes() throws IOException {
        Pattern citation = Pattern.compile("\\bDESIGN\\s*(§|\\d|\\.md)|\\bSTYLE\\s*(§|\\d|\\.md)|§\\s*\\d|\\b[Ii]ssue\\s+#?\\d+\\b");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(ROOT)) {
            for (Path file : files.filter(Files::isRegularFile).filter(ProjectFilesTest::isProjectText).toList()) {
                List<String> lines = Files.readAllLines(file);
                for (int i = 0; i < lines.size(); i++) {
                    if (citation.matcher(lines.get(i)).find()) {
                        found.add(ROOT.relativize(file) + ":" + (i + 1) + ": " + lines.get(i).trim());
                    }
                }
            }
        }
        assertThat(found).as("say what the note stands for instead").isEmpty();
    }

    private static boolean isProjectText(Path file) {
        String path = ROOT.relativize(file).toString().replace('\\', '/');
        if (path.startsWith(".git/") || path.contains("/target/") || path.contains("node_modules/") || path.startsWith("data/")
                || path.equals("test-support/src/test/java/io/dialgate/testsupport/ProjectFilesTest.java")) {
            return false;
        }
        return path.matches(".*\\.(java|md|properties|ya?ml|tpl|js|html|css|sh|xml|sql|txt)$") || path.equals("dialgate")
                || path.endsWith("/run");
    }

    static Element pom(Path file) throws Exception {
        Document document = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(file.toFile());
        return document.getDocumentElement();
    }

    /** A direct child element by name (not a descendant: a plugin has a {@code url} too). */
    static Element child(Element parent, String name) {
        for (var node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && element.getTagName().equals(name)) {
                return element;
            }
        }
        return null;
    }

    static String text(Element project, String path) {
        Element current = project;
        for (String step : path.split("/")) {
            current = child(current, step);
            if (current == null) {
                return null;
            }
        }
        return current.getTextContent().trim();
    }
}
