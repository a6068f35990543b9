using ClinicOps.Api.Auditing;
using ClinicOps.Application.Common;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.IdentityModel.Tokens;

namespace ClinicOps.Api.Security;

internal static class SecurityServiceCollectionExtensions
{
    public static IServiceCollection AddClinicOpsSecurity(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        var auth = configuration.GetSection(AuthOptions.Section).Get<AuthOptions>() ?? new AuthOptions();
        if (string.IsNullOrWhiteSpace(auth.Authority) && environment.IsProduction() && string.IsNullOrWhiteSpace(auth.SigningKey))
        {
            throw new InvalidOperationException("Production needs Auth:Authority (the clinic's OpenID Connect provider).");
        }

        services.AddSingleton(auth);
        services.AddHttpContextAccessor();
        services.AddScoped<HttpCurrentUser>();
        services.AddScoped<ICurrentUser>(provider => provider.GetRequiredService<HttpCurrentUser>());
        services.AddScoped<IAuditContextAccessor, HttpAuditContextAccessor>();
        services.AddSingleton<IAuthorizationMiddlewareResultHandler, AuditingAuthorizationResultHandler>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(jwt =>
            {
                jwt.MapInboundClaims = false;
                jwt.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidateIssuer = true,
                    ValidateAudience = true,
                    ValidAudience = auth.Audience,
                    ValidateLifetime = true,
                    RequireSignedTokens = true,
                    RequireExpirationTime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    NameClaimType = HttpCurrentUser.SubjectClaim,
                    RoleClaimType = HttpCurrentUser.RoleClaim,
                };
                if (!string.IsNullOrWhiteSpace(auth.Authority))
                {
                    jwt.Authority = auth.Authority;
                    jwt.Audience = auth.Audience;
                }
                else
                {
                    jwt.TokenValidationParameters.ValidIssuer = auth.Issuer;
                    jwt.TokenValidationParameters.IssuerSigningKeys = DevelopmentTokens.ValidationKeys(auth);
                }
            });

        services.AddAuthorization(options =>
        {
            foreach (var (policy, roles) in AccessPolicies.Matrix)
            {
                options.AddPolicy(policy, p => p.RequireAuthenticatedUser().RequireRole(roles.Select(r => r.ToString())));
            }

        });
        return services;
    }
}
