namespace ClinicOps.Api.Errors;

/// <summary>An update arrived without <c>If-Match</c> (mapped to 428).</summary>
internal sealed class PreconditionRequiredException()
    : Exception("This update needs an If-Match header with the ETag from your last read, to avoid overwriting someone else's change.");
