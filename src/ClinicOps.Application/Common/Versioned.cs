namespace ClinicOps.Application.Common;

/// <summary>A response together with the version that backs its ETag.</summary>
/// <typeparam name="T">The response body type.</typeparam>
/// <param name="Value">The response body.</param>
/// <param name="Version">The stored version; the API turns it into an ETag.</param>
public sealed record Versioned<T>(T Value, int Version);
