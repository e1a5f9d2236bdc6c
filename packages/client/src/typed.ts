import type {
  HttpMethod,
  OperationRequestBodyContent,
  PathsWithMethod,
  RequiredKeysOf,
  ResponseObjectMap,
  SuccessResponse,
} from 'openapi-typescript-helpers';
import type { paths } from './generated/campaign-standard.js';
import type { CallOptions } from './options.js';
import type { ApiResult } from './response.js';

/** The operation of `method` on `path` in the generated `paths`. */
export type OperationOf<P, M extends HttpMethod> = P extends keyof paths
  ? M extends keyof paths[P]
    ? paths[P][M]
    : never
  : never;

/** The path and query parameters of an operation. */
export type ParamsOf<O> = O extends { parameters: infer P } ? Pick<P, ('path' | 'query') & keyof P> : never;

/** `params`, required when the operation has a required path or query parameter. */
export type ParamsInit<O> =
  RequiredKeysOf<ParamsOf<O>> extends never ? { params?: ParamsOf<O> } : { params: ParamsOf<O> };

/** `body`, required and typed when the operation takes one. */
export type BodyInit<O> =
  undefined extends OperationRequestBodyContent<O>
    ? { body?: OperationRequestBodyContent<O> }
    : { body: OperationRequestBodyContent<O> };

/** The second argument of a typed call. */
export type CallInit<O> = ParamsInit<O> & BodyInit<O> & CallOptions;

/** Makes the init argument optional when nothing in it is required. */
export type InitArgs<I> = RequiredKeysOf<I> extends never ? [init?: I] : [init: I];

/** The JSON data of an operation's success answer. */
export type SuccessData<O> =
  ResponseObjectMap<O> extends Record<string | number, unknown>
    ? SuccessResponse<ResponseObjectMap<O>, 'application/json'>
    : never;

/** A typed call for one HTTP method, openapi-fetch style. */
export type TypedCall<M extends HttpMethod> = <P extends PathsWithMethod<paths, M>>(
  path: P,
  ...init: InitArgs<CallInit<OperationOf<P, M>>>
) => Promise<ApiResult<SuccessData<OperationOf<P, M>>>>;

/** The typed calls of the client. */
export interface TypedCalls {
  /** A typed GET of a path of the spec. */
  GET: TypedCall<'get'>;
  /** A typed POST (not resent after a failure unless `retryNonIdempotent`). */
  POST: TypedCall<'post'>;
  /** A typed PATCH. */
  PATCH: TypedCall<'patch'>;
  /** A typed DELETE. */
  DELETE: TypedCall<'delete'>;
}
