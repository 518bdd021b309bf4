import { randomUUID } from 'node:crypto';
import {
  DeleteCommand,
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';

export type Item = Record<string, unknown> & { id: string };

/**
 * Items of every resource in one table: the partition key holds the resource name ("items") and the sort
 * key the item id, so listing a resource is a Query, never a Scan.
 */
export class ItemRepository {
  public constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
    private readonly partitionKey: string,
    private readonly sortKey: string,
  ) {}

  public async list(resource: string, limit = 100): Promise<Item[]> {
    const result = await this.client.send(
      new QueryCommand({
        TableName: this.tableName,
        KeyConditionExpression: '#pk = :pk',
        ExpressionAttributeNames: { '#pk': this.partitionKey },
        ExpressionAttributeValues: { ':pk': resource },
        Limit: limit,
      }),
    );
    return (result.Items ?? []).map((record) => this.toItem(record));
  }

  public async get(resource: string, id: string): Promise<Item | undefined> {
    const result = await this.client.send(
      new GetCommand({ TableName: this.tableName, Key: this.key(resource, id) }),
    );
    return result.Item ? this.toItem(result.Item) : undefined;
  }

  public async create(resource: string, fields: Record<string, unknown>): Promise<Item> {
    const record = { ...this.attributes(fields), ...this.key(resource, randomUUID()), updatedAt: new Date().toISOString() };
    await this.client.send(new PutCommand({ TableName: this.tableName, Item: record }));
    return this.toItem(record);
  }

  /** Sets the given fields of an existing item in one conditional UpdateItem; undefined when there is no such item. */
  public async update(resource: string, id: string, fields: Record<string, unknown>): Promise<Item | undefined> {
    const entries = Object.entries({ ...this.attributes(fields), updatedAt: new Date().toISOString() });
    try {
      const result = await this.client.send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: this.key(resource, id),
          UpdateExpression: `SET ${entries.map((_, index) => `#f${index} = :v${index}`).join(', ')}`,
          ConditionExpression: 'attribute_exists(#sk)',
          ExpressionAttributeNames: Object.fromEntries([
            ['#sk', this.sortKey],
            ...entries.map(([name], index) => [`#f${index}`, name]),
          ]),
          ExpressionAttributeValues: Object.fromEntries(entries.map(([, value], index) => [`:v${index}`, value])),
          ReturnValues: 'ALL_NEW',
        }),
      );
      return result.Attributes ? this.toItem(result.Attributes) : undefined;
    } catch (error) {
      if (error instanceof Error && error.name === 'ConditionalCheckFailedException') {
        return undefined;
      }
      throw error;
    }
  }

  public async remove(resource: string, id: string): Promise<boolean> {
    const result = await this.client.send(
      new DeleteCommand({ TableName: this.tableName, Key: this.key(resource, id), ReturnValues: 'ALL_OLD' }),
    );
    return result.Attributes !== undefined;
  }

  private attributes(fields: Record<string, unknown>): Record<string, unknown> {
    const { [this.partitionKey]: _pk, [this.sortKey]: _sk, ...attributes } = fields;
    return attributes;
  }

  private key(resource: string, id: string): Record<string, string> {
    return { [this.partitionKey]: resource, [this.sortKey]: id };
  }

  private toItem(record: Record<string, unknown>): Item {
    const { [this.partitionKey]: _pk, [this.sortKey]: id, ...attributes } = record;
    return { ...attributes, id: String(id) };
  }
}
