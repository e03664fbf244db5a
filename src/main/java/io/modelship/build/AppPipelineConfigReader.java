package io.modelship.build;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;
import io.modelship.model.InvalidModelUriException;
import io.modelship.model.ModelLocation;
import io.modelship.quality.InvalidGateException;
import io.modelship.quality.QualityGate;
import io.modelship.step.BusinessOutcomeException;
import io.modelship.step.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Reads an app's {@code .modelship.yaml} and checks it against the JSON Schema shipped beside this
 * class ({@code modelship.schema.json}, which editors can use too). Anything wrong is {@code
 * CONFIG_INVALID}, with a message that names each wrong field and what was expected.
 */
public final class AppPipelineConfigReader {

  /** The schema's location on the classpath. */
  public static final String SCHEMA_RESOURCE = "/io/modelship/build/modelship.schema.json";

  /** Larger files are refused before parsing: a pipeline file is a few hundred bytes. */
  static final long MAX_BYTES = 64 * 1024;

  private static final int MAX_ERRORS = 10;

  private final YAMLMapper mapper =
      YAMLMapper.builder()
          .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
          .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
          .disable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
          .build();
  private final Schema schema;

  public AppPipelineConfigReader() {
    SchemaRegistryConfig config =
        SchemaRegistryConfig.builder()
            .errorMessageKeyword("message")
            .pathType(PathType.JSON_PATH)
            .build();
    SchemaRegistry registry =
        SchemaRegistry.withDefaultDialect(
            SpecificationVersion.DRAFT_2020_12, builder -> builder.schemaRegistryConfig(config));
    try (InputStream in = AppPipelineConfigReader.class.getResourceAsStream(SCHEMA_RESOURCE)) {
      schema = registry.getSchema(in);
    } catch (IOException e) {
      throw new UncheckedIOException("Expected the schema " + SCHEMA_RESOURCE + " to load", e);
    }
  }

  /** Reads {@code .modelship.yaml} from the root of a checked-out repository. */
  public AppPipelineConfig read(Path repositoryRoot) {
    Path file = repositoryRoot.resolve(AppPipelineConfig.FILE_NAME);
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      throw invalid(
          "Expected a file "
              + AppPipelineConfig.FILE_NAME
              + " at the repository root, but there is none");
    }
    try {
      long size = Files.size(file);
      if (size > MAX_BYTES) {
        throw invalid(
            "Expected "
                + AppPipelineConfig.FILE_NAME
                + " to be at most "
                + MAX_BYTES
                + " bytes, but it has "
                + size);
      }
      return parse(Files.readString(file, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException("Expected to read " + file + ", but failed", e);
    }
  }

  /** Parses and validates the content of a {@code .modelship.yaml}. */
  public AppPipelineConfig parse(String yaml) {
    JsonNode tree;
    try {
      tree = mapper.readTree(yaml);
    } catch (JacksonException e) {
      throw invalid(
          "Expected "
              + AppPipelineConfig.FILE_NAME
              + " to be valid YAML, but "
              + e.getOriginalMessage()
              + location(e));
    }
    if (tree == null || tree.isMissingNode() || tree.isNull()) {
      throw invalid(
          "Expected " + AppPipelineConfig.FILE_NAME + " to hold a mapping, but it is empty");
    }
    List<Error> errors = schema.validate(tree);
    if (!errors.isEmpty()) {
      throw invalid(
          errors.stream()
              .limit(MAX_ERRORS)
              .map(ConfigErrorMessage::of)
              .distinct()
              .collect(Collectors.joining("; ")));
    }
    AppPipelineConfig config;
    try {
      config = mapper.treeToValue(tree, AppPipelineConfig.class);
    } catch (JacksonException e) {
      throw invalid(
          "Expected "
              + AppPipelineConfig.FILE_NAME
              + " to match its schema, but "
              + e.getOriginalMessage());
    }
    try {
      ModelLocation.parse(config.model().uri());
    } catch (InvalidModelUriException e) {
      throw invalid("Expected field 'model.uri' to be a safe model URI, but: " + e.getMessage());
    }
    try {
      QualityGate.parse(config.quality().gate());
    } catch (InvalidGateException e) {
      throw invalid(e.getMessage());
    }
    Duration timeout = config.test().timeout();
    if (timeout != null && (timeout.isZero() || timeout.isNegative())) {
      throw invalid("Expected field 'test.timeout' to be longer than zero, but it was " + timeout);
    }
    return config;
  }

  private static String location(JacksonException e) {
    return e.getLocation() == null
        ? ""
        : " (line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr()
            + ")";
  }

  private static BusinessOutcomeException invalid(String message) {
    return new BusinessOutcomeException(ErrorCode.CONFIG_INVALID, message);
  }
}
