import type { components } from './generated/campaign-standard.js';

type Schemas = components['schemas'];

/** A profile (`nms:recipient`); custom `cus*` fields appear as extra properties on the extended family. */
export type Profile = Schemas['Profile'];
/** Writable profile fields, for create and update. */
export type ProfileInput = Schemas['ProfileInput'];
/** A subscription service (`nms:service`). */
export type Service = Schemas['Service'];
/** Fields of a new service. */
export type ServiceInput = Schemas['ServiceInput'];
/** A subscription of a profile to a service. */
export type Subscription = Schemas['Subscription'];
/** The marketing history of a profile. */
export type History = Schemas['History'];
/** One marketing event of a profile. */
export type HistoryEvent = Schemas['HistoryEvent'];
/** The description (metadata) of a resource. */
export type ResourceType = Schemas['ResourceType'];
/** The filters of a resource, keyed by name. */
export type ResourceFilters = Schemas['ResourceFilters'];
/** One filter of a resource. */
export type ResourceFilter = Schemas['ResourceFilter'];
/** An organizational unit. */
export type OrgUnit = Schemas['OrgUnit'];
/**
 * A geographical unit (`/profileAndServicesExt/geoUnitBase`).
 * @deprecated Geographical units are deprecated since Campaign Standard 18.7.
 */
export type GeoUnit = Schemas['GeoUnit'];
/** Writable fields of an organizational unit. */
export type OrgUnitInput = Schemas['OrgUnitInput'];
/** A record of a custom resource. */
export type CustomResourceRecord = Schemas['CustomResourceRecord'];
/** Fields of a custom resource record. */
export type CustomResourceInput = Schemas['CustomResourceInput'];
/** A workflow and its activities. */
export type Workflow = Schemas['Workflow'];
/** One activity of a workflow. */
export type WorkflowActivity = Schemas['WorkflowActivity'];
/** The body of a signal trigger. */
export type SignalTrigger = Schemas['SignalTrigger'];
/** A transactional event to send. */
export type TransactionalEventInput = Schemas['TransactionalEventInput'];
/** A transactional event and its processing status. */
export type TransactionalEvent = Schemas['TransactionalEvent'];
/** A GDPR or CCPA request to create. */
export type PrivacyRequestInput = Schemas['PrivacyRequestInput'];
/** A privacy request and its status. */
export type PrivacyRequest = Schemas['PrivacyRequest'];
/** The answer to a data mapping ingestion request (Adobe Experience Platform, beta). */
export type DataIngestionSubmission = Schemas['DataIngestionSubmission'];
/** The status of a data mapping ingestion request. */
export type DataIngestionStatus = Schemas['DataIngestionStatus'];
/** One value of a field projection (`/profile/email` lists one per profile). */
export type FieldValue = string | number | boolean;
/** A link to another resource or collection. */
export type Link = Schemas['Link'];
/** A one-to-one link to another record. */
export type Ref = Schemas['Ref'];
/** What a successful PATCH answers. */
export type PatchResult = Schemas['PatchResult'];
/** An Adobe I/O gateway error body. */
export type GatewayError = Schemas['GatewayError'];

/** The envelope of one page of a list. */
export interface ListEnvelope<T> {
  /** The records of this page. */
  content: T[];
  /** The following page; absent on the last one. */
  next?: Link;
  /** A link answering `{ "count": n }` for the whole list. */
  count?: Link;
  /** Whether the server paginates this list. */
  serverSidePagination?: boolean;
  [key: string]: unknown;
}
