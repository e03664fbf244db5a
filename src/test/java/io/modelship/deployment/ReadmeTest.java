package io.modelship.deployment;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.AnnotatedBeanDefinition;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.context.annotation.ClassPathScanningCandidateComponentProvider;
import org.springframework.core.annotation.MergedAnnotation;
import org.springframework.core.annotation.MergedAnnotations;

/**
 * The README and the documents under {@code docs/} as a newcomer uses them: a short README whose
 * top is what Modelship is, the two commands, the demo and the pictures; every property of
 * Modelship's configuration documented in a table of {@code docs/} (and none that no longer
 * exists); every link, file and command they name present in the checkout.
 */
class ReadmeTest {

  private static final List<String> SECTIONS =
      List.of(
          "The two commands: run and test",
          "The demo: `bin/run --demo`",
          "Documentation",
          "What is verified only against mocks");
  private static final int README_MAX_LINES = 160;
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(modelship\\.[a-z0-9.-]+)");
  private static final Pattern PATH =
      Pattern.compile("`((?:bin|tools|samples|k8s|bpmn|compose|docs|src|\\.ci)/[^`\\s]*)");
  private static final Pattern PROPERTY_ROW = Pattern.compile("^\\| `([^`]+)` \\|");
  private static final Pattern HEADING = Pattern.compile("(?m)^#{1,4} (.+)$");

  private final String readme = Files.readString(Path.of("README.md"));
  private final Map<Path, String> documents = documents();

  ReadmeTest() throws IOException {}

  @Test
  void shouldKeepTheReadmeShortWithTheCommandsAndTheDemoFirst() {
    List<String> headings = new ArrayList<>();
    Matcher h2 = Pattern.compile("(?m)^## (.+)$").matcher(readme);
    while (h2.find()) {
      headings.add(h2.group(1).strip());
    }
    assertThat(headings.subList(0, SECTIONS.size())).containsExactlyElementsOf(SECTIONS);
    assertThat(readme.lines().count())
        .as("README.md lines (reference material belongs under docs/)")
        .isLessThanOrEqualTo(README_MAX_LINES);
    assertThat(readme).contains("](docs/images/commit-build.png)", "bin/run --demo", "bin/test");
  }

  @Test
  void shouldDocumentEveryPropertyOfModelshipsConfigurationAndNoOther() throws Exception {
    // given
    Set<String> documented = documentedProperties();
    Set<String> known = knownProperties();

    // then
    assertThat(known).as("properties Modelship reads").hasSizeGreaterThan(80);
    assertThat(difference(known, documented))
        .as("missing from the configuration tables of docs/")
        .isEmpty();
    assertThat(
            difference(documented.stream().filter(p -> p.startsWith("modelship.")).toList(), known))
        .as("in a configuration table of docs/, but Modelship reads no such property")
        .isEmpty();
  }

  @Test
  void shouldLinkOnlyToFilesAndSectionsThatExist() {
    List<String> checked = new ArrayList<>();
    documents.forEach(
        (file, text) -> {
          Matcher link = Pattern.compile("\\]\\(([^)\\s]+)\\)").matcher(text);
          while (link.find()) {
            String target = link.group(1);
            if (target.startsWith("http://") || target.startsWith("https://")) {
              continue;
            }
            checked.add(target);
            int hash = target.indexOf('#');
            Path linked =
                hash == 0
                    ? file
                    : file.resolveSibling(hash < 0 ? target : target.substring(0, hash));
            assertThat(linked).as("the link %s in %s", target, file).exists();
            if (hash >= 0 && linked.toString().endsWith(".md")) {
              assertThat(anchors(documents.get(linked.normalize())))
                  .as("the sections of %s, linked from %s", linked, file)
                  .contains(target.substring(hash + 1));
            }
          }
        });
    assertThat(checked).contains("docs/images/commit-build.png", "docs/configuration.md");
  }

  @Test
  void shouldNameOnlyFilesAndCommandsThatExist() {
    List<String> checked = new ArrayList<>();
    documents.forEach(
        (file, text) -> {
          Matcher path = PATH.matcher(text);
          while (path.find()) {
            String name = path.group(1).replaceAll("[.,:;)]+$", "");
            if (name.matches(".*[*<{$].*|.*\\.\\.\\..*")) {
              continue; // a pattern or a placeholder, not a file
            }
            checked.add(name);
            assertThat(Path.of(name)).as("%s, named in %s", name, file).exists();
            if (name.startsWith("bin/") || name.startsWith(".ci/") || name.endsWith("/build")) {
              assertThat(Path.of(name)).as("%s is a command", name).isExecutable();
            }
          }
        });
    assertThat(checked).contains("bin/run", "bin/test", "bin/private-dockerd", "bin/bench-engine");
  }

  /** README.md and every Markdown file under docs/, by their path from the top of the checkout. */
  private static Map<Path, String> documents() throws IOException {
    Map<Path, String> documents = new TreeMap<>();
    documents.put(Path.of("README.md"), Files.readString(Path.of("README.md")));
    try (Stream<Path> docs = Files.list(Path.of("docs"))) {
      for (Path doc : docs.filter(p -> p.toString().endsWith(".md")).toList()) {
        documents.put(doc.normalize(), Files.readString(doc));
      }
    }
    return documents;
  }

  private static Set<String> anchors(String text) {
    Set<String> anchors = new TreeSet<>();
    Matcher heading = HEADING.matcher(text == null ? "" : text);
    while (heading.find()) {
      anchors.add(slug(heading.group(1)));
    }
    return anchors;
  }

  /**
   * The names in the first column of the documents' configuration tables (those whose header starts
   * {@code | property |}), as patterns.
   */
  private Set<String> documentedProperties() {
    Set<String> names = new TreeSet<>();
    documents.forEach(
        (file, text) -> {
          if (!file.startsWith("docs")) {
            return;
          }
          boolean inTable = false;
          for (String line : text.lines().toList()) {
            if (!line.startsWith("|")) {
              inTable = false;
            } else if (line.startsWith("| property |")) {
              inTable = true;
            } else if (inTable) {
              Matcher row = PROPERTY_ROW.matcher(line);
              if (row.find()) {
                names.add(normalise(row.group(1).replaceAll("<[^>]+>", "*").replace("[i]", "[*]")));
              }
            }
          }
        });
    return names;
  }

  /**
   * What Modelship reads: every {@code @ConfigurationProperties} record of its main classes (nested
   * records, maps and lists included), every {@code @ConditionalOnProperty}, and every {@code
   * modelship.*} placeholder in {@code application.yaml}.
   */
  private static Set<String> knownProperties() throws Exception {
    Set<String> names = new TreeSet<>();
    for (Class<?> type : mainClasses()) {
      ConfigurationProperties properties = type.getAnnotation(ConfigurationProperties.class);
      if (properties != null && type.isRecord()) {
        String prefix = properties.prefix().isEmpty() ? properties.value() : properties.prefix();
        collect(prefix, type, names);
      }
      List<AnnotatedElement> elements = new ArrayList<>(List.of(type));
      elements.addAll(List.of(type.getDeclaredMethods()));
      for (AnnotatedElement element : elements) {
        MergedAnnotations.from(element).stream(ConditionalOnProperty.class)
            .map(MergedAnnotation::synthesize)
            .forEach(c -> conditionNames(c).forEach(names::add));
      }
    }
    Matcher placeholder =
        PLACEHOLDER.matcher(Files.readString(Path.of("src/main/resources/application.yaml")));
    while (placeholder.find()) {
      names.add(placeholder.group(1));
    }
    return names;
  }

  private static Stream<String> conditionNames(ConditionalOnProperty condition) {
    String prefix = condition.prefix().isEmpty() ? "" : condition.prefix() + ".";
    String[] names = condition.name().length > 0 ? condition.name() : condition.value();
    return Stream.of(names).map(n -> prefix + n).filter(n -> n.startsWith("modelship."));
  }

  private static void collect(String prefix, Class<?> record, Set<String> names) {
    for (RecordComponent component : record.getRecordComponents()) {
      String name = prefix + "." + kebab(component.getName());
      Class<?> raw = component.getType();
      if (isOurRecord(raw)) {
        collect(name, raw, names);
      } else if (Map.class.isAssignableFrom(raw)
          && isOurRecord(typeArgument(component.getGenericType(), 1))) {
        collect(name + ".*", typeArgument(component.getGenericType(), 1), names);
      } else if (Collection.class.isAssignableFrom(raw)
          && isOurRecord(typeArgument(component.getGenericType(), 0))) {
        collect(name + "[*]", typeArgument(component.getGenericType(), 0), names);
      } else {
        names.add(normalise(name));
      }
    }
  }

  private static List<Class<?>> mainClasses() throws ClassNotFoundException {
    ClassPathScanningCandidateComponentProvider scanner =
        new ClassPathScanningCandidateComponentProvider(false) {
          @Override
          protected boolean isCandidateComponent(AnnotatedBeanDefinition definition) {
            return true;
          }
        };
    scanner.addIncludeFilter((reader, factory) -> true);
    List<Class<?>> classes = new ArrayList<>();
    for (BeanDefinition definition : scanner.findCandidateComponents("io.modelship")) {
      String resource = ((AnnotatedBeanDefinition) definition).getMetadata().getClassName();
      Class<?> type = Class.forName(resource, false, ReadmeTest.class.getClassLoader());
      String location = type.getProtectionDomain().getCodeSource().getLocation().getPath();
      if (!location.contains("test-classes")) {
        classes.add(type);
      }
    }
    return classes;
  }

  private static boolean isOurRecord(Class<?> type) {
    return type != null && type.isRecord() && type.getName().startsWith("io.modelship.");
  }

  private static Class<?> typeArgument(Type type, int index) {
    if (type instanceof ParameterizedType parameterized
        && parameterized.getActualTypeArguments().length > index
        && parameterized.getActualTypeArguments()[index] instanceof Class<?> argument) {
      return argument;
    }
    return null;
  }

  private static String kebab(String camel) {
    return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
  }

  /** A map of plain values is documented as {@code name} or {@code name.<key>}. */
  private static String normalise(String name) {
    return name.endsWith(".*") ? name.substring(0, name.length() - 2) : name;
  }

  private static List<String> difference(Collection<String> from, Collection<String> minus) {
    return from.stream().filter(n -> !minus.contains(n)).sorted().toList();
  }

  /** GitHub's anchor for a heading: lower case, punctuation dropped, spaces as dashes. */
  private static String slug(String heading) {
    return heading
        .strip()
        .toLowerCase(Locale.ROOT)
        .replaceAll("[^\\p{L}\\p{N} _-]", "")
        .replace(' ', '-');
  }
}
