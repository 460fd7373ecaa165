import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.google.protobuf.DescriptorProtos.FileDescriptorProto;
import com.google.protobuf.DescriptorProtos.FileDescriptorSet;
import com.google.protobuf.DescriptorProtos.FileOptions;

/**
 * Build step of visage-model-converter: generates our Java classes for ONNX's protobuf schema.
 *
 * <p>No npm or Maven Central artifact we could find ships the text of {@code onnx.proto}; ONNX v1.17.0's
 * {@code onnx-ml.proto} is published on Maven Central in compiled form, as the file descriptor embedded in
 * Tribuo's {@code tribuo-util-onnx} (Apache 2.0). This program takes that descriptor (the schema itself:
 * messages, field numbers, types, enums), gives it our own Java package, writes it as a descriptor set and
 * runs protoc on it ({@code --descriptor_set_in}). Tribuo's generated classes are not used.
 *
 * <p>Usage: {@code java -cp <classpath> OnnxSchemaClasses.java <protoc> <schema-dir> <java-out>}
 */
public final class OnnxSchemaClasses {

    static final String JAVA_PACKAGE = "io.visage.model.converter.onnx";

    public static void main(String[] args) throws Exception {
        Path protoc = Path.of(args[0]);
        Path schemaDir = Path.of(args[1]);
        Path javaOut = Path.of(args[2]);
        Class<?> published = Class.forName("ai.onnx.proto.OnnxMl");
        FileDescriptorProto schema = ((com.google.protobuf.Descriptors.FileDescriptor) published
                .getMethod("getDescriptor").invoke(null)).toProto();
        if (!"onnx".equals(schema.getPackage())) {
            throw new IllegalStateException("unexpected schema package " + schema.getPackage());
        }
        FileDescriptorProto ours = schema.toBuilder()
                .setOptions(FileOptions.newBuilder(schema.getOptions()).setJavaPackage(JAVA_PACKAGE)
                        .setJavaOuterClassname("Onnx").build())
                .build();
        Files.createDirectories(schemaDir);
        Files.createDirectories(javaOut);
        Path descriptorSet = schemaDir.resolve("onnx-ml.desc");
        try (OutputStream out = Files.newOutputStream(descriptorSet)) {
            FileDescriptorSet.newBuilder().addFile(ours).build().writeTo(out);
        }
        protoc.toFile().setExecutable(true);
        List<String> command = List.of(protoc.toString(), "--descriptor_set_in=" + descriptorSet,
                "--java_out=" + javaOut, ours.getName());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String log = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (process.waitFor() != 0) {
            throw new IOException("protoc failed: " + String.join(" ", command) + "\n" + log);
        }
        System.out.println("[visage-model-converter] ONNX classes (" + ours.getName() + ", "
                + ours.getMessageTypeCount() + " messages) -> " + javaOut.resolve(JAVA_PACKAGE.replace('.', '/')));
    }
}
