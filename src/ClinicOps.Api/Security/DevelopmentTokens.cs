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
    public static SymmetricSecurityKey SigningKey(AuthOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.SigningKey))
        {
            throw new InvalidOperationException("Auth:SigningKey is not configured.");
        }

        var bytes = Encoding.UTF8.GetBytes(options.SigningKey);
        if (bytes.Length < 32)
        {
            throw new InvalidOperationException("Auth:SigningKey must be at least 32 bytes.");
        }

        return new SymmetricSecurityKey(bytes);
    }
}
