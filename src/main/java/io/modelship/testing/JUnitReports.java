package io.modelship.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.stream.Stream;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The counts in the JUnit XML reports a test run wrote: files matching a glob under the workspace,
 * written since the run started (older files are a previous attempt's). The XML comes from the app,
 * so it is parsed without DTDs or external entities.
 *
 * @param tests -1 when no report was found, as for the other counts
 */
record JUnitReports(int tests, int failures, int errors, int skipped, List<Path> files) {

  private static final int MAX_DEPTH = 12;

  static final JUnitReports NONE = new JUnitReports(-1, -1, -1, -1, List.of());

  /** Reads the reports matching {@code glob} (relative to the workspace) modified since then. */
  static JUnitReports read(Path workspace, String glob, FileTime since) throws IOException {
    if (glob == null || glob.isBlank()) {
      return NONE;
    }
    PathMatcher matcher = FileSystems.getDefault().getPathMatcher("glob:" + glob);
    List<Path> files;
    try (Stream<Path> walk = Files.walk(workspace, MAX_DEPTH)) {
      files =
          walk.filter(Files::isRegularFile)
              .filter(file -> !workspace.relativize(file).startsWith(".git"))
              .filter(file -> matcher.matches(workspace.relativize(file)))
              .filter(file -> modifiedSince(file, since))
              .sorted()
              .toList();
    }
    if (files.isEmpty()) {
      return NONE;
    }
    int[] counts = new int[4];
    DocumentBuilder parser = parser();
    for (Path file : files) {
      Element root;
      try (InputStream in = Files.newInputStream(file)) {
        root = parser.parse(in).getDocumentElement();
      } catch (SAXException e) {
        throw new IOException(
            "Expected " + workspace.relativize(file) + " to be JUnit XML, but: " + e.getMessage(),
            e);
      }
      if (root.getTagName().equals("testsuite")) {
        add(counts, root);
      } else {
        NodeList suites = root.getElementsByTagName("testsuite");
        for (int i = 0; i < suites.getLength(); i++) {
          Element suite = (Element) suites.item(i);
          // Nested suites repeat their children's counts; only the outermost ones are added.
          if (suite.getParentNode() == root) {
            add(counts, suite);
          }
        }
      }
    }
    return new JUnitReports(counts[0], counts[1], counts[2], counts[3], files);
  }

  private static void add(int[] counts, Element suite) {
    counts[0] += number(suite, "tests");
    counts[1] += number(suite, "failures");
    counts[2] += number(suite, "errors");
    counts[3] += number(suite, "skipped") + number(suite, "disabled");
  }

  private static int number(Element element, String attribute) {
    String value = element.getAttribute(attribute);
    try {
      return value.isBlank() ? 0 : (int) Double.parseDouble(value.strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static boolean modifiedSince(Path file, FileTime since) {
    try {
      return Files.getLastModifiedTime(file).compareTo(since) >= 0;
    } catch (IOException e) {
      return false;
    }
  }

  private static DocumentBuilder parser() throws IOException {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
      factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
      factory.setXIncludeAware(false);
      factory.setExpandEntityReferences(false);
      return factory.newDocumentBuilder();
    } catch (ParserConfigurationException e) {
      throw new IOException("Expected a secure XML parser, but: " + e.getMessage(), e);
    }
  }
}
