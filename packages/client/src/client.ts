import {
  type CampaignInstance,
  ConfigurationError,
  type ConfigurationIssue,
  createRecord,
  loggerProblem,
  ownProperties,
  resolveInstance,
} from '@campaign-standard/core';
import { warnHooksDeprecated } from './caller-hooks.js';
import { createRecordList, type RecordList, type RecordListOptions } from './list.js';
import { middlewareIssues } from './middleware.js';
import type { CallOptions, CampaignClientOptions } from './options.js';
import { type CampaignPlatform, createPlatform, PLATFORMS } from './platform.js';
import type { CustomResourceRecord } from './records.js';
import { createRequester } from './requester.js';
import {
  type CustomResourceApi,
  type CustomResourceOptions,
  createCustomResourceApi,
} from './resources/custom-resources.js';
import { createDataIngestionApi, type DataIngestionApi } from './resources/data-ingestion.js';
import { createEventsApi, type EventsApi } from './resources/events.js';
import { createHistoryApi, type HistoryApi } from './resources/history.js';
import { createMetadataApi, type MetadataApi } from './resources/metadata.js';
import { createOrgUnitsApi, type OrgUnitsApi } from './resources/org-units.js';
import { createPrivacyApi, type PrivacyApi } from './resources/privacy.js';
import { createProfilesApi, type ProfilesApi } from './resources/profiles.js';
import { createServicesApi, type ServicesApi } from './resources/services.js';
import { createSubscriptionsApi, type SubscriptionsApi } from './resources/subscriptions.js';
import { createWorkflowsApi, type WorkflowsApi } from './resources/workflows.js';
import type { ApiResult } from './response.js';
import {
  checkSchema,
  type SchemaClient,
  type SchemaDescriptor,
  type SchemaTypes,
  withSchema,
} from './schema.js';
import { createClientTelemetry } from './telemetry.js';
import { createTransport, type Method } from './transport.js';
import type { TypedCalls } from './typed.js';
import { type QueryParams, withQuery } from './url.js';

const DEFAULT_TIMEOUT_MS = 30_000;
const DEFAULT_MAX_RESPONSE_BYTES = 50 * 1024 * 1024;
const USER_AGENT = 'campaign-standard-sdk/client';

/**
 * The query of a typed call, with object-valued parameters spread into their own parameters: the
 * OpenAPI `form` style with `explode` (the default for query parameters), as the spec's
 * `filterParameters` (`{ amount_parameter: 100 }` is sent as `amount_parameter=100`).
 */
function formQuery(query: Record<string, unknown> | undefined): QueryParams | undefined {
  if (!query) return undefined;
  const out = createRecord<QueryParams[string]>();
  for (const [name, value] of Object.entries(query)) {
    if (value !== null && typeof value === 'object' && !Array.isArray(value))
      Object.assign(out, ownProperties(value as QueryParams));
    else out[name] = value as QueryParams[string];
  }
  return out;
}

/** Options of {@link CampaignClient.request}. */
export interface RawRequestOptions extends CallOptions {
  /** A JSON body. */
  body?: unknown;
  /** Query parameters to set. */
  query?: QueryParams;
}

/** Options of {@link CampaignClient.list}. */
export interface RawListOptions extends RecordListOptions {
  /** Query parameters of the first page (`_lineCount`, filter parameters, …). */
  query?: QueryParams;
}

/**
 * A Campaign Standard client: typed calls by path (`GET`, `POST`, `PATCH`, `DELETE`) that return
 * `{ data, error, response }`, and resource helpers that return data and throw typed errors.
 */
export interface CampaignClient extends TypedCalls {
  /** The instance the client talks to (tenant, environment, base URL, origin). */
  readonly instance: CampaignInstance;
  /** The platform behind the tenant (`campaign-standard` unless configured). */
  readonly platform: CampaignPlatform;
  /**
   * A call to any path of the instance (`/profileAndServices/...`) or any href found in an answer,
   * for what the spec does not describe (custom filters, projections). Hrefs to another origin are
   * refused before anything is sent.
   */
  request<T = unknown>(
    method: Method,
    pathOrHref: string,
    options?: RawRequestOptions,
  ): Promise<ApiResult<T>>;
  /**
   * Every record of any collection (a path of the instance or an href found in an answer) for
   * lists the helpers do not cover (custom filters, projections, `cus*` collections): pages are
   * fetched by following `next.href`, in constant memory, under the same rules as every call.
   */
  list<T = unknown>(pathOrHref: string, options?: RawListOptions): RecordList<T>;
  /** Profiles. */
  readonly profiles: ProfilesApi;
  /** Subscription services. */
  readonly services: ServicesApi;
  /** Subscriptions of profiles to services. */
  readonly subscriptions: SubscriptionsApi;
  /** Marketing history. */
  readonly history: HistoryApi;
  /** Resource descriptions and filters. */
  readonly metadata: MetadataApi;
  /** Organizational units. */
  readonly orgUnits: OrgUnitsApi;
  /** Workflows. */
  readonly workflows: WorkflowsApi;
  /** Transactional events. */
  readonly events: EventsApi;
  /** Privacy requests. */
  readonly privacy: PrivacyApi;
  /** Ingestion of data mappings into Adobe Experience Platform (Adobe's beta). */
  readonly dataIngestion: DataIngestionApi;
  /** The records of a custom resource, linked to profiles (`cus*` on the extended family) or not. */
  customResources<T extends CustomResourceRecord = CustomResourceRecord>(
    name: string,
    options?: CustomResourceOptions,
  ): CustomResourceApi<T>;
}

function checkOptions(options: CampaignClientOptions): void {
  const issues: ConfigurationIssue[] = [];
  const auth = options?.auth as Partial<CampaignClientOptions['auth']> | undefined;
  if (!auth || typeof auth.getToken !== 'function' || typeof auth.invalidate !== 'function') {
    issues.push({
      field: 'auth',
      problem: 'must be an AuthStrategy (e.g. from @campaign-standard/auth-oauth)',
    });
  } else if (typeof auth.clientId !== 'string' || auth.clientId === '') {
    issues.push({ field: 'auth.clientId', problem: 'is missing: it is sent as X-Api-Key' });
  }
  const timeout = options?.timeout;
  if (timeout !== undefined && timeout !== false && !(typeof timeout === 'number' && timeout > 0)) {
    issues.push({ field: 'timeout', problem: 'must be a positive number of milliseconds, or false' });
  }
  const maxBytes = options?.maxResponseBytes;
  if (maxBytes !== undefined && !(typeof maxBytes === 'number' && maxBytes > 0)) {
    issues.push({ field: 'maxResponseBytes', problem: 'must be a positive number of bytes' });
  }
  if (options?.fetch !== undefined && typeof options.fetch !== 'function') {
    issues.push({ field: 'fetch', problem: 'must be a function' });
  }
  const platform = options?.platform;
  if (platform !== undefined && !PLATFORMS.includes(platform)) {
    issues.push({ field: 'platform', problem: `must be ${PLATFORMS.map((p) => `'${p}'`).join(' or ')}` });
  }
  const loggerIssue = loggerProblem(options?.logger);
  if (loggerIssue) issues.push({ field: 'logger', problem: loggerIssue });
  if (options?.telemetry !== undefined && typeof options.telemetry !== 'boolean') {
    issues.push({ field: 'telemetry', problem: 'must be true or false' });
  }
  issues.push(...middlewareIssues(options?.middleware));
  if (issues.length > 0) throw new ConfigurationError(issues, 'createCampaignClient');
}

/**
 * Creates a client for one Campaign Standard instance.
 *
 * @example
 * ```ts
 * const client = createCampaignClient({ auth, tenant: 'acme' });
 * const { data, error } = await client.GET('/profileAndServices/profile/{PKey}', { params: { path: { PKey } } });
 * for await (const profile of client.profiles.list({ filters: { byText: { text: 'jo' } } })) console.log(profile.email);
 * ```
 */
export function createCampaignClient(input: CampaignClientOptions): CampaignClient;
/**
 * Creates a client typed by a tenant's schema, generated by `acs types generate`: profiles read
 * and write the extended profile, `customResources` takes only the schema's resource names and
 * types their records, bodies and filters.
 *
 * @example
 * ```ts
 * import { campaignSchema } from './campaign-schema.js';
 * const client = createCampaignClient({ auth, tenant: 'acme', schema: campaignSchema });
 * const vehicle = await client.customResources('cusVehicle').create({ plate: 'AB-123-CD', fuel: 'electric' });
 * ```
 */
export function createCampaignClient<S extends SchemaTypes>(
  input: CampaignClientOptions & {
    /** The `campaignSchema` value of the generated module. */
    schema: SchemaDescriptor<S>;
  },
): TypedCampaignClient<S>;
export function createCampaignClient(
  input: CampaignClientOptions & { schema?: SchemaDescriptor },
): CampaignClient | TypedCampaignClient<SchemaTypes> {
  const schema = input?.schema;
  if (schema === undefined) return createUntypedClient(input);
  const checked = checkSchema(schema);
  const { schema: _schema, ...options } = input;
  return withSchema(createUntypedClient(options), checked);
}

/** A client typed by a generated schema (see {@link createCampaignClient}). */
export type TypedCampaignClient<S extends SchemaTypes> = SchemaClient<CampaignClient, S>;

function createUntypedClient(input: CampaignClientOptions): CampaignClient {
  const options = ownProperties(input);
  checkOptions(options);
  const instance = resolveInstance({
    tenant: options.tenant,
    environment: options.environment,
    baseUrl: options.baseUrl,
  });
  if (options.hooks !== undefined) warnHooksDeprecated(options.logger);
  const send = createTransport({
    instance,
    auth: options.auth,
    fetch: options.fetch,
    retry: options.retry ?? {},
    timeoutMs: options.timeout ?? DEFAULT_TIMEOUT_MS,
    maxResponseBytes: options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES,
    userAgent: options.userAgent ? `${USER_AGENT} ${options.userAgent}` : USER_AGENT,
    hooks: options.hooks,
    middleware: options.middleware,
    logger: options.logger,
    telemetry: createClientTelemetry(instance, options.telemetry !== false),
  });
  const r = createRequester(
    instance,
    send,
    createPlatform({ platform: options.platform, customFilterNames: options.customFilterNames }),
  );

  const typed =
    (method: Method) =>
    async (
      path: string,
      init: {
        params?: { path?: Record<string, string | number>; query?: Record<string, unknown> };
      } & RawRequestOptions = {},
    ) =>
      r.result(method, r.url(path, init.params?.path, formQuery(init.params?.query)), init);

  return {
    instance,
    platform: r.platform.name,
    GET: typed('GET') as TypedCalls['GET'],
    POST: typed('POST') as TypedCalls['POST'],
    PATCH: typed('PATCH') as TypedCalls['PATCH'],
    DELETE: typed('DELETE') as TypedCalls['DELETE'],
    async request(method, pathOrHref, call = {}) {
      return r.result(method, withQuery(r.href(pathOrHref), call.query), call);
    },
    list(pathOrHref, call = {}) {
      return createRecordList(r, withQuery(r.href(pathOrHref), call.query), call);
    },
    profiles: createProfilesApi(r),
    services: createServicesApi(r),
    subscriptions: createSubscriptionsApi(r),
    history: createHistoryApi(r),
    metadata: createMetadataApi(r),
    orgUnits: createOrgUnitsApi(r),
    workflows: createWorkflowsApi(r),
    events: createEventsApi(r),
    privacy: createPrivacyApi(r),
    dataIngestion: createDataIngestionApi(r),
    customResources: (name, custom) => createCustomResourceApi(r, name, custom),
  };
}
