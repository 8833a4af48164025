'use strict';
// Reads the google.rpc.Status a failed call carries in grpc-status-details-bin (grpc-js hands it over in
// error.metadata, already base64-decoded) and the ErrorInfo among its details.
const TRAILER = 'grpc-status-details-bin';

function statusDetails(types, error) {
  const values = error && error.metadata ? error.metadata.get(TRAILER) : [];
  if (values.length !== 1) throw new Error(`${values.length} ${TRAILER} values (want 1)`);
  const status = types.Status.decode(values[0]);
  const info = status.details.find((d) => d.type_url === 'type.googleapis.com/google.rpc.ErrorInfo');
  if (!info) throw new Error(`google.rpc.Status has no ErrorInfo (details: ${status.details.map((d) => d.type_url).join(', ') || 'none'})`);
  return { status, errorInfo: types.ErrorInfo.decode(info.value) };
}

/**
 * Checks that `error` has gRPC status `code` and an ErrorInfo with `reason`, domain greentic.dev and every
 * `metadata` entry; the google.rpc.Status must repeat the call's code and message. Returns the ErrorInfo.
 */
function expectDetails(types, error, code, reason, metadata = {}) {
  if (!error) throw new Error(`the call succeeded; want status ${code}`);
  if (error.code !== code) throw new Error(`status ${error.code} (${error.details}); want ${code}`);
  const { status, errorInfo } = statusDetails(types, error);
  if (status.code !== code || status.message !== error.details)
    throw new Error(`google.rpc.Status says ${status.code} '${status.message}', the call ${error.code} '${error.details}'`);
  if (errorInfo.reason !== reason || errorInfo.domain !== 'greentic.dev')
    throw new Error(`ErrorInfo ${errorInfo.domain}/${errorInfo.reason}; want greentic.dev/${reason}`);
  for (const [key, value] of Object.entries(metadata)) {
    if (errorInfo.metadata[key] !== value) throw new Error(`ErrorInfo.metadata.${key} = ${errorInfo.metadata[key]}; want ${value}`);
  }
  return errorInfo;
}

module.exports = { expectDetails, statusDetails };
