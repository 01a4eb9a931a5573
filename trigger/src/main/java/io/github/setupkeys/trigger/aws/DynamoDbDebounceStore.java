package io.github.setupkeys.trigger.aws;

import io.github.setupkeys.aws.AwsCall;
import io.github.setupkeys.trigger.DebounceState;
import io.github.setupkeys.trigger.DebounceStore;
import io.github.setupkeys.trigger.UnreadableDebounceStateException;
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
 * {@link DebounceStore} as one item per key in a DynamoDB table (strongly consistent reads): per Config rule
 * ({@link DebounceStore#PARTITION_KEY}) or per account ({@link DebounceStore#ACCOUNT_PARTITION_KEY}). An item that
 * cannot be read fails, naming the table and the fix, rather than being guessed at.
 */
public final class DynamoDbDebounceStore implements DebounceStore {

    static final String LAST_START = "lastStart";
    static final String DAY = "day";
    static final String STARTS_THAT_DAY = "startsThatDay";

    private final DynamoDbClient dynamoDb;
    private final String table;
    private final String partitionKey;

    /** A table keyed by Config rule name. */
    public DynamoDbDebounceStore(DynamoDbClient dynamoDb, String table) {
        this(dynamoDb, table, PARTITION_KEY);
    }

    /** A table whose partition key is {@code partitionKey}. */
    public DynamoDbDebounceStore(DynamoDbClient dynamoDb, String table, String partitionKey) {
        this.dynamoDb = Objects.requireNonNull(dynamoDb, "dynamoDb");
        this.table = Objects.requireNonNull(table, "table");
        this.partitionKey = Objects.requireNonNull(partitionKey, "partitionKey");
    }

    @Override
    public DebounceState load(String key) {
        Map<String, AttributeValue> item = AwsCall.named("dynamodb:GetItem", () -> dynamoDb.getItem(request -> request
                .tableName(table).key(itemKey(key)).consistentRead(true)).item());
        if (item == null || item.isEmpty()) {
            return DebounceState.NEVER;
        }
        try {
            return new DebounceState(Optional.ofNullable(item.get(LAST_START)).map(value -> Instant.parse(value.s())),
                    LocalDate.parse(required(item, DAY).s()), Integer.parseInt(required(item, STARTS_THAT_DAY).n()));
        } catch (DateTimeParseException | IllegalArgumentException | IllegalStateException unreadable) {
            throw new UnreadableDebounceStateException("the debounce state of " + key + " in DynamoDB table " + table
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
    public void save(String key, DebounceState state) {
        Map<String, AttributeValue> item = new LinkedHashMap<>(itemKey(key));
        state.lastStart().ifPresent(at -> item.put(LAST_START, AttributeValue.fromS(at.toString())));
        item.put(DAY, AttributeValue.fromS(state.day().toString()));
        item.put(STARTS_THAT_DAY, AttributeValue.fromN(Integer.toString(state.startsThatDay())));
        AwsCall.named("dynamodb:PutItem", () -> dynamoDb.putItem(request -> request.tableName(table).item(item)));
    }

    private Map<String, AttributeValue> itemKey(String key) {
        return Map.of(partitionKey, AttributeValue.fromS(key));
    }
}
