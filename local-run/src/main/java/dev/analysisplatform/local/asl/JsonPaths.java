package dev.analysisplatform.local.asl;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The part of Amazon States Language's JSONPath and intrinsic functions the project's definition uses:
 * {@code $}, {@code $.a.b}, {@code $.list[*].field}, {@code $.lists[*][*]} (flattened), {@code $$.Map.Item.Value},
 * the equality filter {@code $.list[?(@.field == 'text')]} (Parameters take full Jayway JsonPath; reference paths do not),
 * Parameters with {@code .$}
 * keys, and States.JsonMerge / ArrayContains / ArrayLength / JsonToString / Format. Anything else is rejected loudly,
 * so the local run never silently diverges from what Step Functions would do.
 */
public final class JsonPaths {

    public static final ObjectMapper MAPPER = new ObjectMapper();
    private static final Pattern EQUALS_FILTER = Pattern.compile("\\[\\?\\(@\\.(\\w+) == '([^']*)'\\)\\]");

    private JsonPaths() {
    }

    /** A path whose target is missing: Step Functions fails the state with States.Runtime. */
    static final class PathNotFound extends RuntimeException {
        PathNotFound(String path) {
            super("The JSONPath '" + path + "' could not be found in the input");
        }
    }

    static JsonNode read(String path, JsonNode input, JsonNode context) {
        JsonNode root;
        String rest;
        if (path.startsWith("$$")) {
            root = context;
            rest = path.substring(2);
        } else if (path.startsWith("$")) {
            root = input;
            rest = path.substring(1);
        } else {
            throw new IllegalArgumentException("not a path: " + path);
        }
        return walk(root, rest, path);
    }

    private static JsonNode walk(JsonNode node, String rest, String path) {
        if (rest.isEmpty()) {
            return node;
        }
        if (rest.startsWith("[?(")) {
            Matcher filter = EQUALS_FILTER.matcher(rest);
            if (!filter.lookingAt()) {
                throw new IllegalArgumentException("unsupported JSONPath filter in " + path + " (only [?(@.field == 'text')])");
            }
            ArrayNode matches = MAPPER.createArrayNode();
            for (JsonNode element : node) {
                if (element.path(filter.group(1)).isTextual() && element.get(filter.group(1)).asText().equals(filter.group(2))) {
                    matches.add(element);
                }
            }
            return walk(matches, "[*]" + rest.substring(filter.end()), path);
        }
        if (rest.startsWith("[*]")) {
            // Like Jayway's JsonPath (what Step Functions uses), an indefinite path yields one flat list of matches:
            // $.a[*][*] flattens a list of lists.
            String after = rest.substring(3);
            ArrayNode out = MAPPER.createArrayNode();
            for (JsonNode element : node) {
                JsonNode match = walk(element, after, path);
                if (after.contains("[*]")) {
                    out.addAll((ArrayNode) match);
                } else {
                    out.add(match);
                }
            }
            return out;
        }
        if (!rest.startsWith(".")) {
            throw new IllegalArgumentException("unsupported JSONPath " + path);
        }
        int end = 1;
        while (end < rest.length() && rest.charAt(end) != '.' && rest.charAt(end) != '[') {
            end++;
        }
        String field = rest.substring(1, end);
        if (!node.isObject() || !node.has(field)) {
            throw new PathNotFound(path);
        }
        return walk(node.get(field), rest.substring(end), path);
    }

    /** Applies a ResultPath: {@code null} discards the result, {@code $} replaces the input. */
    static JsonNode write(String resultPath, JsonNode input, JsonNode result) {
        if (resultPath == null) {
            return input;
        }
        if (resultPath.equals("$")) {
            return result;
        }
        ObjectNode root = input.isObject() ? ((ObjectNode) input).deepCopy() : MAPPER.createObjectNode();
        String[] fields = resultPath.substring(2).split("\\.");
        ObjectNode node = root;
        for (int i = 0; i < fields.length - 1; i++) {
            JsonNode child = node.get(fields[i]);
            node = child instanceof ObjectNode object ? object : node.putObject(fields[i]);
        }
        node.set(fields[fields.length - 1], result);
        return root;
    }

    /** Evaluates a Parameters / ItemSelector / ResultSelector template. */
    static JsonNode template(JsonNode template, JsonNode input, JsonNode context) {
        if (template.isObject()) {
            ObjectNode out = MAPPER.createObjectNode();
            Iterator<Map.Entry<String, JsonNode>> fields = template.fields();
            while (fields.hasNext()) {
                Map.Entry<String, JsonNode> field = fields.next();
                if (field.getKey().endsWith(".$")) {
                    String key = field.getKey().substring(0, field.getKey().length() - 2);
                    out.set(key, expression(field.getValue().asText(), input, context));
                } else {
                    out.set(field.getKey(), template(field.getValue(), input, context));
                }
            }
            return out;
        }
        if (template.isArray()) {
            ArrayNode out = MAPPER.createArrayNode();
            template.forEach(element -> out.add(template(element, input, context)));
            return out;
        }
        return template;
    }

    /** A path or an intrinsic function call. */
    static JsonNode expression(String expression, JsonNode input, JsonNode context) {
        String text = expression.strip();
        if (text.startsWith("States.")) {
            int open = text.indexOf('(');
            String name = text.substring(0, open);
            List<JsonNode> args = new ArrayList<>();
            for (String arg : splitArguments(text.substring(open + 1, text.lastIndexOf(')')))) {
                args.add(argument(arg, input, context));
            }
            return intrinsic(name, args);
        }
        return read(text, input, context);
    }

    private static JsonNode argument(String arg, JsonNode input, JsonNode context) {
        if (arg.startsWith("'")) {
            return TextNode.valueOf(arg.substring(1, arg.length() - 1));
        }
        if (arg.equals("true") || arg.equals("false")) {
            return BooleanNode.valueOf(Boolean.parseBoolean(arg));
        }
        if (arg.matches("-?\\d+")) {
            return IntNode.valueOf(Integer.parseInt(arg));
        }
        return expression(arg, input, context);
    }

    private static JsonNode intrinsic(String name, List<JsonNode> args) {
        switch (name) {
            case "States.JsonMerge": {
                if (args.get(2).asBoolean()) {
                    throw new IllegalArgumentException("deep JsonMerge is not supported locally");
                }
                ObjectNode merged = ((ObjectNode) args.get(0)).deepCopy();
                merged.setAll((ObjectNode) args.get(1).deepCopy());
                return merged;
            }
            case "States.ArrayContains": {
                for (JsonNode element : args.get(0)) {
                    if (element.equals(args.get(1))) {
                        return BooleanNode.TRUE;
                    }
                }
                return BooleanNode.FALSE;
            }
            case "States.ArrayLength":
                return IntNode.valueOf(args.get(0).size());
            case "States.JsonToString":
                return TextNode.valueOf(args.get(0).toString());
            case "States.Format": {
                // Each {} takes the next argument: strings as they are, anything else as JSON text.
                String template = args.get(0).asText();
                StringBuilder out = new StringBuilder();
                int argument = 1;
                for (int i = 0; i < template.length(); i++) {
                    if (template.startsWith("{}", i)) {
                        JsonNode value = args.get(argument++);
                        out.append(value.isTextual() ? value.asText() : value.toString());
                        i++;
                    } else {
                        out.append(template.charAt(i));
                    }
                }
                return TextNode.valueOf(out.toString());
            }
            default:
                throw new IllegalArgumentException("intrinsic " + name + " is not supported by the local runner");
        }
    }

    private static List<String> splitArguments(String text) {
        List<String> args = new ArrayList<>();
        int depth = 0;
        boolean quoted = false;
        StringBuilder current = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '\'' ) {
                quoted = !quoted;
            } else if (!quoted && c == '(') {
                depth++;
            } else if (!quoted && c == ')') {
                depth--;
            } else if (!quoted && depth == 0 && c == ',') {
                args.add(current.toString().strip());
                current.setLength(0);
                continue;
            }
            current.append(c);
        }
        if (!current.toString().isBlank()) {
            args.add(current.toString().strip());
        }
        return args;
    }
}
