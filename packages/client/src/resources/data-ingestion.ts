import type { CallOptions } from '../options.js';
import type { DataIngestionStatus, DataIngestionSubmission } from '../records.js';
import type { Requester } from '../requester.js';

/**
 * Ingestion of Campaign data mappings into Adobe Experience Platform
 * (`/dataIngestion/xdmIngestion/<mappingId>/ingest`). A beta of Adobe's for instances hosted on
 * Azure; the mapping must be published and stopped in Campaign, and the API user needs the SQL
 * function execution role.
 */
export interface DataIngestionApi {
  /**
   * Asks Campaign to ingest a data mapping now. A refused request (mapping not published, or not
   * stopped) is answered with `status: "Failed"` and the reason in `info`, not as an HTTP error.
   * Never resent after a failure unless `retryNonIdempotent`.
   */
  ingest(mappingId: string, options?: CallOptions): Promise<DataIngestionSubmission>;
  /** The status of an ingestion request, by the `requestId` that `ingest` answered. */
  status(mappingId: string, requestId: number, options?: CallOptions): Promise<DataIngestionStatus>;
}

/** Builds {@link DataIngestionApi}. */
export function createDataIngestionApi(r: Requester): DataIngestionApi {
  const ingest = (mappingId: string, query?: { requestId: number }) =>
    r.url('/dataIngestion/xdmIngestion/{mappingId}/ingest', { mappingId }, query);
  return {
    ingest: async (mappingId, options) => r.data<DataIngestionSubmission>('POST', ingest(mappingId), options),
    status: async (mappingId, requestId, options) =>
      r.data<DataIngestionStatus>('GET', ingest(mappingId, { requestId }), options),
  };
}
