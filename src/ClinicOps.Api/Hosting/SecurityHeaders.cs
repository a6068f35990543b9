namespace ClinicOps.Api.Hosting;

internal static class SecurityHeaders
{
    /// <summary>
    /// Headers for a JSON API that serves PHI: nothing may be framed, sniffed, cached or leak a referrer.
    /// The Swagger UI needs scripts and styles, so only it is spared the strict content policy; the observation board
    /// page (/board) may load its own scripts and styles and call the API, nothing else.
    /// </summary>
    public static IApplicationBuilder UseApiSecurityHeaders(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var headers = context.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Cross-Origin-Resource-Policy"] = "same-origin";
        if (context.Request.Path.StartsWithSegments("/board"))
        {
            // The observation board page: its own scripts, styles and API calls only; nothing inline, nothing foreign.
            headers.ContentSecurityPolicy = "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; "
                + "base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            headers.CacheControl = "no-store";
        }
        else if (!context.Request.Path.StartsWithSegments("/swagger"))
        {
            headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
            headers.CacheControl = "no-store";
        }

        await next();
    });
}
