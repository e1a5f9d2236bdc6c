/**
 * The typed client for the Adobe Campaign Standard REST API.
 *
 * @packageDocumentation
 * @mergeModuleWith <project>
 */
export {
  type CampaignClient,
  createCampaignClient,
  type RawListOptions,
  type RawRequestOptions,
  type TypedCampaignClient,
} from './client.js';
export type { components, operations, paths } from './generated/campaign-standard.js';
export type { FilterSet, ListOptions, OrderBy, Page, RecordList, RecordListOptions } from './list.js';
export type {
  Awaitable,
  Middleware,
  MiddlewareErrorParams,
  MiddlewareParams,
  MiddlewareResponseParams,
} from './middleware.js';
export type { CallOptions, CampaignClientOptions, ClientHooks, ClientRetryOptions } from './options.js';
export {
  type CampaignPlatform,
  type CampaignV8Api,
  type CustomFilterNames,
  customFilterName,
  type UnavailableApiInfo,
  V8_LIMITATIONS_PAGE,
  V8_UNAVAILABLE_APIS,
  v8ApiOf,
} from './platform.js';
export type * from './records.js';
export type { CustomResourceApi, CustomResourceOptions } from './resources/custom-resources.js';
export type { DataIngestionApi } from './resources/data-ingestion.js';
export type { EventOptions, EventsApi } from './resources/events.js';
export type { HistoryApi } from './resources/history.js';
export type { MetadataApi, MetadataOptions, ResourceFamily } from './resources/metadata.js';
export type { OrgUnitsApi } from './resources/org-units.js';
export type { PrivacyApi } from './resources/privacy.js';
export type {
  ExtOption,
  ProfileFilters,
  ProfileKey,
  ProfileListOptions,
  ProfilesApi,
  ProfileValuesOptions,
} from './resources/profiles.js';
export type { ServiceFilters, ServiceListOptions, ServicesApi } from './resources/services.js';
export type { SubscriptionsApi, SubscriptionTarget } from './resources/subscriptions.js';
export type { WorkflowCommand, WorkflowsApi } from './resources/workflows.js';
export type { ApiResult } from './response.js';
export type {
  SchemaClient,
  SchemaCustomFilters,
  SchemaCustomResourceApi,
  SchemaDescriptor,
  SchemaFilters,
  SchemaListOptions,
  SchemaProfileListOptions,
  SchemaProfilesApi,
  SchemaResourceTypes,
  SchemaTypes,
} from './schema.js';
export type { Method } from './transport.js';
export type { CallInit, SuccessData, TypedCall, TypedCalls } from './typed.js';
export type { QueryParams, QueryValue } from './url.js';
export { parseUsageLog, type UsageEntry, usageLog } from './usage-log.js';
export {
  type CheckStandardToV8Options,
  checkStandardToV8,
  type V8Finding,
  type V8FindingKind,
  type V8Report,
} from './v8-check.js';
