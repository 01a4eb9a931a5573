package io.github.setupkeys.trigger.aws;

import io.github.setupkeys.aws.AwsCall;
import io.github.setupkeys.trigger.DebounceState;
import io.github.setupkeys.trigger.DebounceStore;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * {@link DebounceStore} as one item per Config rule in a DynamoDB table (strongly consistent reads). An item
 * that cannot be read fails the invocation, naming the table and the fix, rather than being guessed at.
 */
public final class DynamoDbDebounceStore implements DebounceStore {

    static final String LAST_START = "lastStart";
    static final String DAY = "day";
    static final String STARTS_THAT_DAY = "startsThatDay";

    private final DynamoDbClient dynamoDb;
    private final String table;

    public DynamoDbDebounceStore(DynamoDbClient dynamoDb, String table) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
    }

    @Override
    public DebounceState load(String configRuleName) {
        Map<String, AttributeValue> item = AwsCall.named("dynamodb:GetItem", () -> dynamoDb.getItem(request -> request
                .tableName(table).key(key(configRuleName)).consistentRead(true)).item());
        if (item == null || item.isEmpty()) {
            return DebounceState.NEVER;
        }
        try {
            return new DebounceState(Optional.ofNullable(item.get(LAST_START)).map(value -> Instant.parse(value.s())),
                    LocalDate.parse(required(item, DAY).s()), Integer.parseInt(required(item, STARTS_THAT_DAY).n()));
        } catch (DateTimeParseException | IllegalArgumentException | IllegalStateException unreadable) {
            throw new IllegalStateException("the debounce state of " + configRuleName + " in DynamoDB table " + table
                    + " cannot be read (" + unreadable.getMessage() + "); delete the item to start afresh", unreadable);
        }
    }

    private static AttributeValue required(Map<String, AttributeValue> item, String name) {
        AttributeValue value = item.get(name);
        if (value == null) {
            throw new IllegalStateException("no attribute " + name);
        }
        return value;
    }

    @Override
    public void save(String configRuleName, DebounceState state) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(key(configRuleName));
        state.lastStart().ifPresent(at -> item.put(LAST_START, AttributeValue.fromS(at.toString())));
        item.put(DAY, AttributeValue.fromS(state.day().toString()));
        item.put(STARTS_THAT_DAY, AttributeValue.fromN(Integer.toString(state.startsThatDay())));
        AwsCall.named("dynamodb:PutItem", () -> dynamoDb.putItem(request -> request.tableName(table).item(item)));
    }

    private static Map<String, AttributeValue> key(String configRuleName) {
        return Map.of(PARTITION_KEY, AttributeValue.fromS(configRuleName));
    }
}
