namespace ClinicOps.Api.Security;

/// <summary>Bound from the "Auth" configuration section.</summary>
public sealed class AuthOptions
{
    /// <summary>Configuration section name.</summary>
    public const string Section = "Auth";

    /// <summary>OpenID Connect authority of the clinic's identity provider; when set, its published keys validate tokens.</summary>
    public string? Authority { get; set; }

    /// <summary>Expected audience of every token.</summary>
    public string Audience { get; set; } = "clinicops-api";

    /// <summary>Issuer of locally signed tokens (used only without an authority).</summary>
    public string Issuer { get; set; } = "clinicops-local";

    /// <summary>
    /// Symmetric key (at least 32 bytes, base64) for locally signed tokens, used only without an authority.
    /// Development and tests set it; production configures an authority instead.
    /// </summary>
    public string? SigningKey { get; set; }

    /// <summary>
    /// Keys that signed tokens before the last rotation of <see cref="SigningKey"/>: they still validate tokens (never
    /// sign new ones) until those tokens have expired, so rotating the key logs nobody out.
    /// </summary>
    public string[] PreviousSigningKeys { get; set; } = [];
}
