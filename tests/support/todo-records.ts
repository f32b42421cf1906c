/**
 * Stream records of MyTodoList's todos table as the Pipe hands them to todo-reminder: a batch (a
 * JSON array) of one record, NEW_AND_OLD_IMAGES, keyed by userId and todoId.
 */

export interface TodoImage {
  readonly title?: string;
  readonly dueAt?: string;
  readonly completed?: boolean;
}

export const USER_ID = 'user-ana';
export const TODO_ID = 'todo-1';

type AttributeValue = { S: string } | { BOOL: boolean };

export function todoItem(
  image: TodoImage,
  todoId = TODO_ID,
  userId = USER_ID,
): Record<string, AttributeValue> {
  return {
    userId: { S: userId },
    todoId: { S: todoId },
    title: { S: image.title ?? 'Buy milk' },
    completed: { BOOL: image.completed ?? false },
    ...(image.dueAt === undefined ? {} : { dueAt: { S: image.dueAt } }),
  };
}

/** One Pipe batch: the record of inserting, changing or deleting a to-do. */
export function todoChange(
  change:
    | { readonly insert: TodoImage }
    | { readonly modify: { readonly from: TodoImage; readonly to: TodoImage } }
    | { readonly remove: TodoImage },
  sequence = '100000000000000000001',
  todoId = TODO_ID,
): object[] {
  const [eventName, oldImage, newImage] =
    'insert' in change
      ? (['INSERT', undefined, change.insert] as const)
      : 'modify' in change
        ? (['MODIFY', change.modify.from, change.modify.to] as const)
        : (['REMOVE', change.remove, undefined] as const);
  return [
    {
      eventID: `event-${sequence}`,
      eventName,
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'us-east-1',
      dynamodb: {
        ApproximateCreationDateTime: 1_767_225_600,
        Keys: { userId: { S: USER_ID }, todoId: { S: todoId } },
        ...(newImage === undefined ? {} : { NewImage: todoItem(newImage, todoId) }),
        ...(oldImage === undefined ? {} : { OldImage: todoItem(oldImage, todoId) }),
        SequenceNumber: sequence,
        SizeBytes: 120,
        StreamViewType: 'NEW_AND_OLD_IMAGES',
      },
      eventSourceARN:
        'arn:aws:dynamodb:us-east-1:123456789012:table/mytodolist-todos/stream/2026-01-01T00:00:00.000',
    },
  ];
}
