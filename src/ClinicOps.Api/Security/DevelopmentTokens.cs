using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace ClinicOps.Api.Security;

/// <summary>Mints tokens signed with the local key, for development and tests. Never available in Production.</summary>
public static class DevelopmentTokens
{
    /// <summary>Creates a signed token for <paramref name="subject"/> with the given roles and sites.</summary>
    public static string Mint(AuthOptions options, string subject, IEnumerable<Role> roles, IEnumerable<Guid> siteIds, TimeSpan lifetime, DateTimeOffset now)
    {
        var descriptor = new SecurityTokenDescriptor
        {
            Issuer = options.Issuer,
            Audience = options.Audience,
            IssuedAt = now.UtcDateTime,
            NotBefore = now.UtcDateTime,
            Expires = now.Add(lifetime).UtcDateTime,
            SigningCredentials = new SigningCredentials(SigningKey(options), SecurityAlgorithms.HmacSha256),
            Claims = new Dictionary<string, object>
            {
                [HttpCurrentUser.SubjectClaim] = subject,
                [HttpCurrentUser.RoleClaim] = roles.Select(r => r.ToString()).ToArray(),
                [HttpCurrentUser.SiteClaim] = siteIds.Select(s => s.ToString()).ToArray(),
            },
        };
        return new JsonWebTokenHandler().CreateToken(descriptor);
    }

    /// <summary>The symmetric key from configuration.</summary>
    public static SymmetricSecurityKey SigningKey(AuthOptions options) => ToKey(options.SigningKey, "Auth:SigningKey");

    /// <summary>
    /// The keys that validate tokens: the signing key, then the previous ones (key rotation). Empty entries are left
    /// out, so a deployment can pass an unset previous key as an empty variable.
    /// </summary>
    public static IReadOnlyList<SecurityKey> ValidationKeys(AuthOptions options) =>
    [
        SigningKey(options),
        .. options.PreviousSigningKeys
            .Select((key, i) => (Key: key, Setting: $"Auth:PreviousSigningKeys:{i}"))
            .Where(previous => !string.IsNullOrWhiteSpace(previous.Key))
            .Select(previous => ToKey(previous.Key, previous.Setting)),
    ];

    private static SymmetricSecurityKey ToKey(string? key, string setting)
    {
        if (string.IsNullOrWhiteSpace(key))
        {
            throw new InvalidOperationException($"{setting} is not configured.");
        }

        var bytes = Encoding.UTF8.GetBytes(key);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException($"{setting} must be at least 32 bytes.");
        }

        return new SymmetricSecurityKey(bytes);
    }
}
