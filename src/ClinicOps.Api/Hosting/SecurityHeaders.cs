namespace ClinicOps.Api.Hosting;

internal static class SecurityHeaders
{
    /// <summary>
    /// Headers for a JSON API that serves PHI: nothing may be framed, sniffed, cached or leak a referrer.
    /// The Swagger UI needs scripts and styles, so only it is spared the strict content policy.
    /// </summary>
    public static IApplicationBuilder UseApiSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (!context.Request.Path.StartsWithSegments("/swagger"))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            headers.CacheControl = "no-store";
        }

        await next();
    });
}
