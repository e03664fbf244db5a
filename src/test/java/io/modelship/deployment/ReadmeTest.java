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
 * The README as a newcomer uses it: the sections in the order issue 7 asks for, every property of
 * Modelship's configuration in the configuration reference (and none that no longer exists), and
 * every link, file and command it names present in the checkout.
 */
class ReadmeTest {

  private static final List<String> SECTIONS =
      List.of(
          "What Modelship is, and who it is for",
          "The two commands: run and test",
          "Configuration reference",
          "From the embedded engine to a real cluster",
          "Camunda Modeler and Operate",
          "Adding your own app: `.modelship.yaml`",
          "Benchmarks",
          "What is verified only against emulators or mocks");
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{(modelship\\.[a-z0-9.-]+)");
  private static final Pattern PATH =
      Pattern.compile("`((?:bin|tools|samples|k8s|bpmn|compose|docs|src|\\.ci)/[^`\\s]*)");

  private final String readme = Files.readString(Path.of("README.md"));

  ReadmeTest() throws IOException {}

  @Test
  void shouldKeepTheSectionsInTheIssuesOrder() {
    List<String> headings = new ArrayList<>();
    Matcher h2 = Pattern.compile("(?m)^## (.+)$").matcher(readme);
    while (h2.find()) {
      headings.add(h2.group(1).strip());
    }
    assertThat(headings.subList(0, SECTIONS.size())).containsExactlyElementsOf(SECTIONS);
  }

  @Test
  void shouldDocumentEveryPropertyOfModelshipsConfigurationAndNoOther() throws Exception {
    // given
    Set<String> documented = documentedProperties();
    Set<String> known = knownProperties();

    // then
    assertThat(known).as("properties Modelship reads").hasSizeGreaterThan(80);
    assertThat(difference(known, documented))
        .as("missing from the README's configuration reference")
        .isEmpty();
    assertThat(
            difference(documented.stream().filter(p -> p.startsWith("modelship.")).toList(), known))
        .as("in the README's configuration reference, but Modelship reads no such property")
        .isEmpty();
  }

  @Test
  void shouldLinkOnlyToFilesAndSectionsThatExist() {
    Set<String> anchors = new TreeSet<>();
    Matcher heading = Pattern.compile("(?m)^#{1,4} (.+)$").matcher(readme);
    while (heading.find()) {
      anchors.add(slug(heading.group(1)));
    }
    Matcher link = Pattern.compile("\\]\\(([^)\\s]+)\\)").matcher(readme);
    List<String> checked = new ArrayList<>();
    while (link.find()) {
      String target = link.group(1);
      checked.add(target);
      if (target.startsWith("#")) {
        assertThat(anchors).as("the README's sections").contains(target.substring(1));
      } else if (!target.startsWith("http://") && !target.startsWith("https://")) {
        assertThat(Path.of(target)).as("the link %s", target).exists();
      }
    }
    assertThat(checked).contains("docs/images/commit-build.png", "#configuration-reference");
  }

  @Test
  void shouldNameOnlyFilesAndCommandsThatExist() {
    Matcher path = PATH.matcher(readme);
    List<String> checked = new ArrayList<>();
    while (path.find()) {
      String name = path.group(1).replaceAll("[.,:;)]+$", "");
      if (name.matches(".*[*<{$].*|.*\\.\\.\\..*")) {
        continue; // a pattern or a placeholder, not a file
      }
      checked.add(name);
      assertThat(Path.of(name)).as("%s, named in the README", name).exists();
      if (name.startsWith("bin/") || name.startsWith(".ci/") || name.endsWith("/build")) {
        assertThat(Path.of(name)).as("%s is a command", name).isExecutable();
      }
    }
    assertThat(checked).contains("bin/run", "bin/test", "bin/private-dockerd", "bin/bench-engine");
  }

  /** The names in the first column of the configuration reference's tables, as patterns. */
  private Set<String> documentedProperties() {
    int start = readme.indexOf("\n## Configuration reference");
    int end = readme.indexOf("\n## ", start + 1);
    Matcher row = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(readme.substring(start, end));
    Set<String> names = new TreeSet<>();
    while (row.find()) {
      names.add(normalise(row.group(1).replaceAll("<[^>]+>", "*").replace("[i]", "[*]")));
    }
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
