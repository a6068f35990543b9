using ClinicOps.Api.Errors;
using ClinicOps.Application.Common;
using Microsoft.Net.Http.Headers;

namespace ClinicOps.Api.Endpoints;

/// <summary>Strong ETags carry the record version: <c>"7"</c>.</summary>
internal static class ETags
{
    public static string For(int version) => $"\"{version}\"";

    /// <summary>Version demanded by <c>If-Match</c>; null for <c>*</c>. A missing header is a 428, an unparseable one can never match (412).</summary>
    public static int? RequiredVersion(HttpRequest request, string entityType)
    {
        var header = request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(header))
        {
            throw new PreconditionRequiredException();
        }

        if (header.Trim() == "*")
        {
            return null;
        }

        if (EntityTagHeaderValue.TryParse(header.Trim(), out var tag) && !tag.IsWeak
            && int.TryParse(tag.Tag.AsSpan().Trim('"'), out var version))
        {
            return version;
        }

        throw new PreconditionFailedException(entityType, currentVersion: 0);
    }

    /// <summary>True when the client's <c>If-None-Match</c> already names this version.</summary>
    public static bool IsNotModified(HttpRequest request, int version)
    {
        var header = request.Headers.IfNoneMatch.ToString();
        return !string.IsNullOrEmpty(header)
            && header.Split(',').Select(v => v.Trim()).Any(v => v == "*" || v == For(version) || v == "W/" + For(version));
    }
}
