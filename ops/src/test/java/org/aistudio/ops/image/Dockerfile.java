package org.aistudio.ops.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Just enough of a Dockerfile parser to check the image's rules without a Docker engine:
 * comments dropped, continuation lines joined, one {@link Instruction} per instruction.
 */
record Dockerfile(List<Instruction> instructions) {

    record Instruction(String keyword, String arguments, int stage) {
    }

    static Dockerfile read(Path path) throws IOException {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder pending = new StringBuilder();
        int stage = -1;
        for (String raw : Files.readAllLines(path)) {
            String line = raw.strip();
            if (pending.isEmpty() && (line.isEmpty() || line.startsWith("#"))) {
                continue;
            }
            if (line.startsWith("#")) {
                continue; // a comment inside a continued instruction
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            String text = pending.toString().strip();
            pending.setLength(0);
            int space = text.indexOf(' ');
            String keyword = (space < 0 ? text : text.substring(0, space)).toUpperCase(Locale.ROOT);
            String arguments = space < 0 ? "" : text.substring(space + 1).strip();
            if (keyword.equals("FROM")) {
                stage++;
            }
            instructions.add(new Instruction(keyword, arguments.replaceAll("\\s+", " "), stage));
        }
        return new Dockerfile(List.copyOf(instructions));
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    int lastStage() {
        return all("FROM").size() - 1;
    }

    List<Instruction> finalStage() {
        return instructions.stream().filter(i -> i.stage() == lastStage()).toList();
    }

    int indexOf(Instruction instruction) {
        return instructions.indexOf(instruction);
    }

    /** The image of a FROM line: {@code FROM image[:tag] [AS name]}. */
    static String image(Instruction from) {
        return from.arguments().split(" ")[0];
    }
}
