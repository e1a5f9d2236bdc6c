import type {
  ApiResult,
  CampaignClient,
  CustomResourceInput,
  CustomResourceRecord,
  History,
  ListEnvelope,
  OrgUnit,
  OrgUnitInput,
  PatchResult,
  PrivacyRequest,
  PrivacyRequestInput,
  Profile,
  ProfileInput,
  QueryParams,
  QueryValue,
  ResourceType,
  Service,
  ServiceInput,
  TransactionalEvent,
  TransactionalEventInput,
  Workflow,
} from '@campaign-standard/client';
import { ownProperties } from '@campaign-standard/core';
import { type AioErrorCode, CampaignStandardSDKError } from './errors.js';
import { type AioResponse, rebuildResponse, toAioResponse } from './response.js';

/**
 * The list parameters of Adobe's functions (`getAllProfiles`, `getAllServices`, …). Any other
 * property is a filter parameter, sent in the query (`{ filters: ['byEmail'], email }`).
 */
export interface FilterParameters {
  /**
   * Filters to apply, all of them: one gives `/profile/byEmail`, several are chained
   * (`/service/byChannel/byText`). A resource's filters are listed by its metadata.
   */
  filters?: readonly string[] | string;
  /** Use the extended family (`profileAndServicesExt`): custom filters and custom fields. */
  hasCustomFilter?: boolean;
  /** Records per page (`_lineCount`; Campaign's default is 25). */
  lineCount?: number;
  /** The field to sort by (`_order`). */
  order?: string;
  /** Sort `order` descending. */
  descendingSort?: boolean;
  /** Filter parameters, by name (`email`, `channel`, `text`, `<name>_parameter`, …). */
  [parameter: string]: QueryValue | string | readonly string[];
}

/** A list answer of Campaign: `content`, and the `next` and `count` links. */
export type AioList<T> = ListEnvelope<T>;

/** What {@link CampaignStandardCoreAPI.triggerSignalActivity} resolves with when Campaign answers with text. */
export interface SignalTextPayload {
  /** Campaign's text, e.g. the refusal of a second trigger within 10 minutes. */
  payload: string;
}

/** A workflow command. */
export type AioWorkflowCommand = 'start' | 'pause' | 'resume' | 'stop';

type Method = 'GET' | 'POST' | 'PATCH' | 'DELETE';

/** A typed call of the client, seen without its compile-time path checks. */
type AnyCall = (
  path: string,
  init?: { params?: { path?: Record<string, string>; query?: QueryParams }; body?: unknown },
) => Promise<ApiResult<unknown>>;

const RESOURCES = ['profile', 'service', 'history'];
const COMMANDS: readonly string[] = ['start', 'pause', 'resume', 'stop'];

/** A list request: the collection's path template with one `{filterN}` segment per filter, and its query. */
function listRequest(
  collection: string,
  path: Record<string, string>,
  parameters: FilterParameters | undefined,
): { template: string; path: Record<string, string>; query: QueryParams } {
  const {
    filters,
    hasCustomFilter: _ext,
    lineCount,
    order,
    descendingSort,
    ...rest
  } = ownProperties(parameters ?? {});
  const names = filters === undefined ? [] : typeof filters === 'string' ? [filters] : [...filters];
  let template = collection;
  const filled = { ...path };
  names.forEach((name, i) => {
    template += `/{filter${i}}`;
    filled[`filter${i}`] = name;
  });
  const query: QueryParams = { ...(rest as QueryParams) };
  if (lineCount) query['_lineCount'] = lineCount;
  if (order) query['_order'] = descendingSort ? `${order} desc` : order;
  return { template, path: filled, query };
}

/** The family of a list: extended when `hasCustomFilter` is set. */
const familyOf = (parameters?: FilterParameters) =>
  parameters?.hasCustomFilter ? '/profileAndServicesExt' : '/profileAndServices';

/** The body of a typed SDK error, for Adobe's message: the JSON or text Campaign answered. */
function bodyOf(error: Error): unknown {
  const body = (error as { body?: unknown }).body;
  return body === undefined ? error.message : body;
}

/** The rejection of a compat function, from the client's typed error and the answer, if any. */
function failure(
  code: AioErrorCode,
  sdkDetails: Record<string, unknown>,
  error: unknown,
  response?: Response,
): CampaignStandardSDKError {
  if (error instanceof CampaignStandardSDKError) return error;
  const cause = error instanceof Error ? error : new Error(String(error));
  const status = response?.status ?? (cause as { status?: unknown }).status;
  const numeric = typeof status === 'number' ? status : undefined;
  const detail =
    numeric === undefined
      ? cause.message
      : `${numeric} - ${response?.statusText || 'Error'} (${JSON.stringify(bodyOf(cause))})`;
  return new CampaignStandardSDKError(code, detail, { sdkDetails, status: numeric, cause });
}

/**
 * The functions of Adobe's `CampaignStandardCoreAPI`, with the same names, parameters and
 * results, implemented on a {@link CampaignClient}: tokens from an `AuthStrategy`, retries of
 * idempotent calls, the 401 re-authentication, typed causes on every error. Get one from
 * {@link init}; {@link CampaignStandardCoreAPI.client} is the client itself, for migrating call
 * by call to its resource helpers.
 */
export class CampaignStandardCoreAPI {
  /** The tenant given to `init()`. */
  readonly tenantId: string;
  /** The API key (client id) sent as `X-Api-Key`. */
  readonly apiKey: string;
  /** The client every function calls through: use its helpers for what comes next (`client.profiles.list()`). */
  readonly client: CampaignClient;

  /** @internal Built by {@link init}. */
  constructor(tenantId: string, apiKey: string, client: CampaignClient) {
    this.tenantId = tenantId;
    this.apiKey = apiKey;
    this.client = client;
  }

  /** Runs one call of the client and turns its outcome into Adobe's response object or error. */
  async #run<T>(
    code: AioErrorCode,
    sdkDetails: Record<string, unknown>,
    send: () => Promise<ApiResult<unknown>>,
  ): Promise<AioResponse<T>> {
    let result: ApiResult<unknown>;
    try {
      result = await send();
    } catch (error) {
      throw failure(code, sdkDetails, error);
    }
    if (result.error) throw failure(code, sdkDetails, result.error, result.response);
    return toAioResponse(result as Extract<ApiResult<T>, { error: undefined }>, result.response.url);
  }

  /** One typed call of the client by path template. */
  #call<T>(
    code: AioErrorCode,
    sdkDetails: Record<string, unknown>,
    method: Method,
    template: string,
    init: { path?: Record<string, string>; query?: QueryParams; body?: unknown } = {},
  ): Promise<AioResponse<T>> {
    const call = this.client[method] as unknown as AnyCall;
    return this.#run<T>(code, sdkDetails, () =>
      call(template, { params: { path: init.path ?? {}, query: init.query ?? {} }, body: init.body }),
    );
  }

  /** One page of a list. */
  #list<T>(
    code: AioErrorCode,
    sdkDetails: Record<string, unknown>,
    collection: string,
    path: Record<string, string>,
    parameters: FilterParameters | undefined,
  ): Promise<AioResponse<AioList<T>>> {
    const request = listRequest(collection, path, parameters);
    return this.#call<AioList<T>>(code, sdkDetails, 'GET', request.template, {
      path: request.path,
      query: request.query,
    });
  }

  /**
   * One page of profiles. `filters` are chained when there are several; `descendingSort` sorts
   * descending. The next page: `getDataFromRelativeUrl(body.next.href)`.
   *
   * @param parameters - filters, their parameters, `lineCount`, `order`, `descendingSort`, `hasCustomFilter`
   */
  getAllProfiles(parameters?: FilterParameters): Promise<AioResponse<AioList<Profile>>> {
    return this.#list(
      'ERROR_GET_ALL_PROFILES',
      { parameters },
      `${familyOf(parameters)}/profile`,
      {},
      parameters,
    );
  }

  /**
   * Creates a profile (sent as JSON; never resent after a failure, so it is never created twice).
   *
   * @param profileObject - the profile's fields
   */
  createProfile(profileObject: ProfileInput): Promise<AioResponse<Profile>> {
    return this.#call('ERROR_CREATE_PROFILE', { profileObject }, 'POST', '/profileAndServices/profile', {
      body: profileObject,
    });
  }

  /**
   * Changes the given fields of a profile.
   *
   * @param profilePKey - the profile's `PKey`
   * @param profileObject - the fields to change
   */
  updateProfile(profilePKey: string, profileObject: ProfileInput): Promise<AioResponse<PatchResult>> {
    return this.#call(
      'ERROR_UPDATE_PROFILE',
      { profileObject, profilePKey },
      'PATCH',
      '/profileAndServices/profile/{PKey}',
      { path: { PKey: profilePKey }, body: profileObject },
    );
  }

  /**
   * One profile.
   *
   * @param profilePKey - the profile's `PKey`
   */
  getProfile(profilePKey: string): Promise<AioResponse<Profile>> {
    return this.#call('ERROR_GET_PROFILE', { profilePKey }, 'GET', '/profileAndServices/profile/{PKey}', {
      path: { PKey: profilePKey },
    });
  }

  /**
   * One page of services (`filters` chained when there are several, as `byChannel` and `byText`).
   *
   * @param parameters - filters, their parameters, `lineCount`, `order`, `descendingSort`, `hasCustomFilter`
   */
  getAllServices(parameters?: FilterParameters): Promise<AioResponse<AioList<Service>>> {
    return this.#list(
      'ERROR_GET_ALL_SERVICES',
      { parameters },
      `${familyOf(parameters)}/service`,
      {},
      parameters,
    );
  }

  /**
   * Creates a service (sent as JSON; never resent after a failure).
   *
   * @param serviceObject - the service's fields
   */
  createService(serviceObject: ServiceInput): Promise<AioResponse<Service>> {
    return this.#call('ERROR_CREATE_SERVICE', { serviceObject }, 'POST', '/profileAndServices/service', {
      body: serviceObject,
    });
  }

  /**
   * One service.
   *
   * @param servicePKey - the service's `PKey`
   */
  getService(servicePKey: string): Promise<AioResponse<Service>> {
    return this.#call('ERROR_GET_SERVICE', { servicePKey }, 'GET', '/profileAndServices/service/{PKey}', {
      path: { PKey: servicePKey },
    });
  }

  /**
   * The marketing history of a profile.
   *
   * @param profilePKey - the profile's `PKey`
   */
  getHistoryOfProfile(profilePKey: string): Promise<AioResponse<History>> {
    return this.#call(
      'ERROR_GET_HISTORY_OF_PROFILE',
      { profilePKey },
      'GET',
      '/profileAndServices/history/{PKey}',
      { path: { PKey: profilePKey } },
    );
  }

  /**
   * The description (metadata) of `profile`, `service` or `history`. Another resource is refused
   * with `ERROR_INVALID_RESOURCE_TYPE` before anything is sent.
   *
   * @param resource - `profile`, `service` or `history`
   */
  async getMetadataForResource(resource: string): Promise<AioResponse<ResourceType>> {
    const sdkDetails = { resource };
    if (typeof resource !== 'string' || !RESOURCES.includes(resource.toLowerCase())) {
      throw new CampaignStandardSDKError(
        'ERROR_INVALID_RESOURCE_TYPE',
        `resource values can only be: ${RESOURCES.join(', ')}`,
        { sdkDetails },
      );
    }
    return this.#call(
      'ERROR_GET_METADATA_FOR_RESOURCE',
      sdkDetails,
      'GET',
      '/profileAndServices/resourceType/{resource}',
      { path: { resource } },
    );
  }

  /**
   * The records of a custom resource linked to profiles (`/profileAndServicesExt/<resource>`),
   * as Adobe's function reads them despite its name; its description is
   * `client.customResources(name, { linkedToProfile: true }).metadata()`.
   *
   * @param resource - the custom resource, e.g. `cusLoyalty`
   */
  getMetadataForResourceExt(resource: string): Promise<AioResponse<AioList<CustomResourceRecord>>> {
    return this.#call(
      'ERROR_GET_METADATA_FOR_RESOURCE_EXT',
      { resource },
      'GET',
      '/profileAndServicesExt/{resource}',
      { path: { resource } },
    );
  }

  /** The custom resources linked to profiles (`/profileAndServicesExt`): their names and links. */
  getCustomResources(): Promise<AioResponse<Record<string, unknown>>> {
    return this.#call('ERROR_GET_CUSTOM_RESOURCES', {}, 'GET', '/profileAndServicesExt');
  }

  /**
   * Creates a privacy (GDPR or CCPA) request (never resent after a failure).
   *
   * @param gdprRequest - `name`, `namespaceName`, `reconciliationValue`, `regulation`, `type`, `label`
   */
  createGDPRRequest(gdprRequest: PrivacyRequestInput): Promise<AioResponse<PrivacyRequest>> {
    return this.#call('ERROR_CREATE_GDPR_REQUEST', { gdprRequest }, 'POST', '/privacy/privacyTool', {
      body: gdprRequest,
    });
  }

  /** The first page of privacy requests and their status. */
  getGDPRRequest(): Promise<AioResponse<AioList<PrivacyRequest>>> {
    return this.#call('ERROR_GET_GDPR_REQUEST', {}, 'GET', '/privacy/privacyTool');
  }

  /**
   * The data file of an access request (resolves with the file's content, as Adobe's does).
   *
   * @param privacyRequestDataUrl - the request's `privacyRequestData.href`, from {@link CampaignStandardCoreAPI.getGDPRRequest}
   * @param requestInternalName - the request's `name`
   */
  async getGDPRDataFile(privacyRequestDataUrl: string, requestInternalName: string): Promise<string> {
    try {
      return await this.client.privacy.dataFile(privacyRequestDataUrl, requestInternalName);
    } catch (error) {
      throw failure('ERROR_GET_GDPR_DATA_FILE', { privacyRequestDataUrl, requestInternalName }, error);
    }
  }

  /**
   * Sends a transactional event to `mc<tenant>`.
   *
   * @deprecated Adobe's: use {@link CampaignStandardCoreAPI.sendTransactionalEventForMacTenantId}.
   * @param eventId - the event's id, e.g. `EVTcartAbandonment`
   * @param eventBody - `email` or `mobilePhone`, and `ctx`
   */
  sendTransactionalEvent(
    eventId: string,
    eventBody: TransactionalEventInput,
  ): Promise<AioResponse<TransactionalEvent>> {
    return this.sendTransactionalEventForMacTenantId(this.client.instance.tenant, eventId, eventBody);
  }

  /**
   * Sends a transactional event to `mc<macTenantId>` (as JSON with a charset, as Campaign requires;
   * never resent after a failure, so the message never goes out twice).
   *
   * @param macTenantId - the name after `mc` in the event endpoint
   * @param eventId - the event's id, e.g. `EVTcartAbandonment`
   * @param eventBody - `email` or `mobilePhone`, and `ctx`
   */
  sendTransactionalEventForMacTenantId(
    macTenantId: string,
    eventId: string,
    eventBody: TransactionalEventInput,
  ): Promise<AioResponse<TransactionalEvent>> {
    return this.#call(
      'ERROR_SEND_TRANSACTIONAL_EVENT',
      { macTenantId, eventId, eventBody },
      'POST',
      '/mc{tenantName}/{eventId}',
      { path: { tenantName: macTenantId, eventId }, body: eventBody },
    );
  }

  /**
   * The status of a transactional event of `mc<tenant>` (read with GET).
   *
   * @deprecated Adobe's: use {@link CampaignStandardCoreAPI.getTransactionalEventForMacTenantId}.
   * @param eventId - the event's id
   * @param eventPKey - the `PKey` the send answered
   */
  getTransactionalEvent(eventId: string, eventPKey: string): Promise<AioResponse<TransactionalEvent>> {
    return this.getTransactionalEventForMacTenantId(this.client.instance.tenant, eventId, eventPKey);
  }

  /**
   * The status of a transactional event of `mc<macTenantId>` (read with GET, as Campaign documents).
   *
   * @param macTenantId - the name after `mc` in the event endpoint
   * @param eventId - the event's id
   * @param eventPKey - the `PKey` the send answered
   */
  getTransactionalEventForMacTenantId(
    macTenantId: string,
    eventId: string,
    eventPKey: string,
  ): Promise<AioResponse<TransactionalEvent>> {
    return this.#call(
      'ERROR_GET_TRANSACTIONAL_EVENT',
      { macTenantId, eventId, eventPKey },
      'GET',
      '/mc{tenantName}/{eventId}/{eventPKey}',
      { path: { tenantName: macTenantId, eventId, eventPKey } },
    );
  }

  /**
   * A workflow: its state and activities (with the trigger href of its signal activities).
   *
   * @param workflowId - the workflow's id
   */
  getWorkflow(workflowId: string): Promise<AioResponse<Workflow>> {
    return this.#call('ERROR_GET_WORKFLOW', { workflowId }, 'GET', '/workflow/execution/{workflowId}', {
      path: { workflowId },
    });
  }

  /**
   * Triggers an external signal activity. Resolves with Campaign's JSON answer, or, when Campaign
   * answers with text (a second trigger within 10 minutes), with `{ payload: text }`.
   *
   * @param workflowTriggerUrl - the activity's `trigger.href`, from {@link CampaignStandardCoreAPI.getWorkflow}
   * @param workflowParameters - `source` and `parameters`
   */
  async triggerSignalActivity(
    workflowTriggerUrl: string,
    workflowParameters?: { source?: string; parameters?: Record<string, unknown> },
  ): Promise<unknown | SignalTextPayload> {
    const sdkDetails = { workflowTriggerUrl, workflowParameters };
    let result: ApiResult<unknown>;
    try {
      result = await this.client.request('POST', workflowTriggerUrl, { body: workflowParameters ?? {} });
    } catch (error) {
      throw failure('ERROR_TRIGGER_SIGNAL_ACTIVITY', sdkDetails, error);
    }
    if (!result.error) return result.data ?? {};
    const text = (result.error as { body?: unknown }).body;
    if (typeof text === 'string' && !result.response.headers.get('content-type')?.includes('json')) {
      return { payload: text };
    }
    throw failure('ERROR_TRIGGER_SIGNAL_ACTIVITY', sdkDetails, result.error, result.response);
  }

  /**
   * Sends a command to a workflow. A command other than start, pause, resume or stop is refused
   * with `ERROR_INVALID_WORKFLOW_CONTROL_COMMAND` before anything is sent.
   *
   * @param workflowId - the workflow's id
   * @param command - `start`, `pause`, `resume` or `stop` (any case)
   */
  async controlWorkflow(workflowId: string, command: AioWorkflowCommand | string): Promise<AioResponse> {
    const sdkDetails = { workflowId, command };
    const method = typeof command === 'string' ? command.toLowerCase() : '';
    if (!COMMANDS.includes(method)) {
      throw new CampaignStandardSDKError(
        'ERROR_INVALID_WORKFLOW_CONTROL_COMMAND',
        `command values can only be: ${COMMANDS.join(', ')}`,
        { sdkDetails },
      );
    }
    return this.#call(
      'ERROR_CONTROL_WORKFLOW',
      sdkDetails,
      'POST',
      '/workflow/execution/{workflowId}/commands',
      { path: { workflowId }, body: { method } },
    );
  }

  /**
   * One page of organizational units.
   *
   * @param parameters - filters, their parameters, `lineCount`, `order`, `descendingSort`
   */
  getAllOrgUnits(parameters?: FilterParameters): Promise<AioResponse<AioList<OrgUnit>>> {
    return this.#list(
      'ERROR_GET_ALL_ORG_UNITS',
      { parameters },
      '/profileAndServicesExt/orgUnitBase',
      {},
      parameters,
    );
  }

  /**
   * A profile of the extended family, with its `orgUnit`.
   *
   * @param profilePKey - the profile's `PKey`
   */
  getProfileWithOrgUnit(profilePKey: string): Promise<AioResponse<Profile>> {
    return this.#call(
      'ERROR_GET_PROFILE_WITH_ORG_UNIT',
      { profilePKey },
      'GET',
      '/profileAndServicesExt/profile/{PKey}',
      { path: { PKey: profilePKey } },
    );
  }

  /**
   * Moves a profile to an organizational unit.
   *
   * @param profilePKey - the profile's `PKey`
   * @param orgUnitPKey - the organizational unit's `PKey`
   */
  updateProfileOrgUnit(profilePKey: string, orgUnitPKey: string): Promise<AioResponse<PatchResult>> {
    return this.#call(
      'ERROR_UPDATE_PROFILE_ORG_UNIT',
      { profilePKey, orgUnitPKey },
      'PATCH',
      '/profileAndServicesExt/profile/{PKey}',
      { path: { PKey: profilePKey }, body: { orgUnit: { PKey: orgUnitPKey } } },
    );
  }

  /**
   * Changes the given fields of an organizational unit.
   *
   * @param orgUnitPKey - the organizational unit's `PKey`
   * @param orgUnitObject - the fields to change
   */
  updateOrgUnit(orgUnitPKey: string, orgUnitObject: OrgUnitInput): Promise<AioResponse<PatchResult>> {
    return this.#call(
      'ERROR_UPDATE_ORG_UNIT',
      { orgUnitPKey, orgUnitObject },
      'PATCH',
      '/profileAndServicesExt/orgUnitBase/{PKey}',
      { path: { PKey: orgUnitPKey }, body: orgUnitObject },
    );
  }

  /**
   * POSTs JSON to a URL of the instance (absolute or relative) and resolves with the fetch
   * `Response`, whatever its status, as Adobe's does. A URL of another origin is refused before
   * the token can go there (`ForeignOriginError`).
   *
   * @param url - the URL, e.g. a privacy request's data href
   * @param body - the JSON body
   */
  async postDataToUrl(url: string, body: unknown): Promise<Response> {
    const result = await this.client.request('POST', url, { body });
    const data = result.error ? (result.error as { body?: unknown }).body : result.data;
    return rebuildResponse(result.response, data, url);
  }

  /**
   * GETs any href Campaign answered (absolute, or relative to the Campaign base: `next.href`, an
   * event's `href`, a `count` link). Follow `body.next.href` with it to read the next page.
   *
   * @param relativeUrl - the href
   */
  getDataFromRelativeUrl<T = unknown>(relativeUrl: string): Promise<AioResponse<T>> {
    return this.#run<T>('ERROR_GET_DATA_FROM_RELATIVE_URL', { relativeUrl }, () =>
      this.client.request('GET', relativeUrl),
    );
  }

  /**
   * One page of the records of a custom resource linked to profiles.
   *
   * @deprecated Adobe's: use {@link CampaignStandardCoreAPI.getAllProfileAndServicesExt} (linked to profiles) or
   * {@link CampaignStandardCoreAPI.getAllBasicCustomResources} (not linked).
   * @param customResource - the custom resource, e.g. `cusLoyalty`
   * @param parameters - filters, their parameters, `lineCount`, `order`, `descendingSort`
   */
  getAllCustomResources(
    customResource: string,
    parameters?: FilterParameters,
  ): Promise<AioResponse<AioList<CustomResourceRecord>>> {
    return this.#list(
      'ERROR_GET_ALL_CUSTOM_RESOURCES',
      { customResource, parameters },
      '/profileAndServicesExt/{resource}',
      { resource: customResource },
      parameters,
    );
  }

  /**
   * One page of the records of a custom resource not linked to profiles (`/customResources/<resource>`).
   *
   * @param resource - the custom resource, e.g. `cusStore`
   * @param parameters - beyond Adobe's: filters, their parameters, `lineCount`, `order`, `descendingSort`
   */
  getAllBasicCustomResources(
    resource: string,
    parameters?: FilterParameters,
  ): Promise<AioResponse<AioList<CustomResourceRecord>>> {
    return this.#list(
      'ERROR_GET_ALL_BASIC_CUSTOM_RESOURCES',
      { resource },
      '/customResources/{resource}',
      { resource },
      parameters,
    );
  }

  /**
   * One page of the records of a custom resource linked to profiles (`/profileAndServicesExt/<resource>`).
   *
   * @param customResource - the custom resource, e.g. `cusLoyalty`
   * @param parameters - filters, their parameters, `lineCount`, `order`, `descendingSort`
   */
  getAllProfileAndServicesExt(
    customResource: string,
    parameters?: FilterParameters,
  ): Promise<AioResponse<AioList<CustomResourceRecord>>> {
    return this.#list(
      'ERROR_GET_ALL_PROFILES_AND_SERVICES_EXT',
      { customResource, parameters },
      '/profileAndServicesExt/{resource}',
      { resource: customResource },
      parameters,
    );
  }

  /**
   * Changes the given fields of a record of a custom resource linked to profiles.
   *
   * @param customResource - the custom resource
   * @param customResourcePKey - the record's `PKey`
   * @param customResourceObject - the fields to change
   */
  updateCustomResource(
    customResource: string,
    customResourcePKey: string,
    customResourceObject: CustomResourceInput,
  ): Promise<AioResponse<PatchResult>> {
    return this.#call(
      'ERROR_UPDATE_CUSTOM_RESOURCE',
      { customResource, customResourceObject, customResourcePKey },
      'PATCH',
      '/profileAndServicesExt/{resource}/{PKey}',
      { path: { resource: customResource, PKey: customResourcePKey }, body: customResourceObject },
    );
  }

  /**
   * Creates a record of a custom resource linked to profiles (never resent after a failure).
   *
   * @param customResource - the custom resource
   * @param customResourceObject - the record's fields
   */
  createCustomResource(
    customResource: string,
    customResourceObject: CustomResourceInput,
  ): Promise<AioResponse<CustomResourceRecord>> {
    return this.#call(
      'ERROR_CREATE_CUSTOM_RESOURCE',
      { customResource, customResourceObject },
      'POST',
      '/profileAndServicesExt/{resource}',
      { path: { resource: customResource }, body: customResourceObject },
    );
  }

  /**
   * Deletes a record of a custom resource linked to profiles.
   *
   * @param customResource - the custom resource
   * @param customResourcePKey - the record's `PKey`
   */
  deleteCustomResource(customResource: string, customResourcePKey: string): Promise<AioResponse<undefined>> {
    return this.#call(
      'ERROR_DELETE_CUSTOM_RESOURCE',
      { customResource, customResourcePKey },
      'DELETE',
      '/profileAndServicesExt/{resource}/{PKey}',
      { path: { resource: customResource, PKey: customResourcePKey } },
    );
  }
}
