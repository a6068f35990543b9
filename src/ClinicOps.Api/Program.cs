using System.Text.Json;
using System.Text.Json.Serialization;
using ClinicOps.Api.Endpoints;
using ClinicOps.Api.Errors;
using ClinicOps.Api.Hosting;
using ClinicOps.Api.Idempotency;
using ClinicOps.Api.OpenApi;
using ClinicOps.Api.Security;
using ClinicOps.Application;
using ClinicOps.Infrastructure;
using ClinicOps.Infrastructure.Jobs;
using ClinicOps.Infrastructure.Persistence;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http.Json;

MallocArenas.Apply();

var command = args.FirstOrDefault();
if (command == "healthcheck")
{
    return await HealthProbeCommand.RunAsync(args[1..]);
}

var builder = WebApplication.CreateBuilder(command is "migrate" or "tokens" ? args[1..] : args);

builder.Logging.ClearProviders();
builder.Logging.AddJsonConsole(options => options.IncludeScopes = false);

builder.Services.AddApplication();
builder.Services.AddInfrastructure(builder.Configuration, builder.Environment);
builder.Services.AddClinicOpsSecurity(builder.Configuration, builder.Environment);
builder.Services.AddClinicOpsSwagger();
builder.Services.AddClinicOpsRateLimiting(builder.Configuration);
builder.Services.AddClinicOpsGracefulShutdown(builder.Configuration);

builder.Services.Configure<JsonOptions>(options =>
{
    var json = options.SerializerOptions;
    json.Converters.Add(new JsonStringEnumConverter(allowIntegerValues: false));
    json.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
    json.NumberHandling = JsonNumberHandling.Strict;
    json.AllowDuplicateProperties = false;
    json.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
});
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
{
    context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
    context.ProblemDetails.Extensions["traceId"] = System.Diagnostics.Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
});
builder.Services.AddExceptionHandler<ApiExceptionHandler>();

builder.Services.Configure<BoardStreamOptions>(builder.Configuration.GetSection("ObservationBoard"));

builder.Services.AddHealthChecks()
    .AddCheck<MigrationsAppliedHealthCheck>("database", tags: ["ready"])
    .AddCheck<SchedulerHealthCheck>("scheduler", tags: ["ready"]);

var corsOrigins = builder.Configuration.GetSection("Cors:AllowedOrigins").Get<string[]>() ?? [];
builder.Services.AddCors(options => options.AddDefaultPolicy(policy =>
    policy.WithOrigins(corsOrigins).AllowAnyHeader().AllowAnyMethod().WithExposedHeaders("ETag", "Location", "Retry-After", IdempotencyKeys.ReplayedHeader)));

var app = builder.Build();

switch (command)
{
    case "migrate":
        await DatabaseMigrator.MigrateAsync(app.Services);
        return 0;
    case "tokens":
        return TokenCommand.Run(app, args[1..]);
}

var database = app.Services.GetRequiredService<DatabaseOptions>();
if (database.MigrateOnStartup)
{
    await DatabaseMigrator.MigrateAsync(app.Services);
}

if (app.Environment.IsDevelopment())
{
    await DevelopmentSeed.EnsureDemoSiteAsync(app.Services);
}

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseApiSecurityHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseHsts();
}

// The OpenAPI document and its UI are public: integrators read them before they hold a token.
app.UseSwagger();
app.UseSwaggerUI(options => options.DocumentTitle = "ClinicOps API");

// The observation board page (static HTML and JS, no PHI, no build step) is public; its data needs a token.
// The web root is absent when the API runs from a build output rather than its project folder or a published app;
// the build copies wwwroot next to the assembly for that case.
var webRoot = new[] { app.Environment.WebRootPath, Path.Combine(AppContext.BaseDirectory, "wwwroot") }
    .FirstOrDefault(path => path is not null && Directory.Exists(Path.Combine(path, "board")));
if (webRoot is not null)
{
    var boardFiles = new Microsoft.Extensions.FileProviders.PhysicalFileProvider(Path.Combine(webRoot, "board"));
    app.UseDefaultFiles(new DefaultFilesOptions { RequestPath = "/board", FileProvider = boardFiles });
    app.UseStaticFiles(new StaticFileOptions { RequestPath = "/board", FileProvider = boardFiles });
}
else
{
    app.Logger.LogWarning("No wwwroot/board folder next to the API; the observation board page is not served");
}

app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseIdempotencyKeys();

app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false }).AllowAnonymous().DisableRateLimiting();
app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains("ready") }).AllowAnonymous().DisableRateLimiting();

app.MapSites();
app.MapPatients();
app.MapScreenings();
app.MapCourses();
app.MapAppointments();
app.MapScheduleReads();
app.MapSessions();
app.MapAuditTrail();
app.MapProtocols();
app.MapChairs();
app.MapRemsEnrollments();
app.MapFhirExport();
app.MapObservationBoard();
app.MapReminders();
app.MapEvents();
app.MapInventory();
app.MapBackOffice();
PolicyGuard.EnsureEveryApiEndpointHasAPolicy(app);
OperationConventionGuard.EnsureEveryApiEndpointIsNamedAndTagged(app);
IdempotencyKeys.EnsureEveryPostTakesKeys(app);

app.Lifetime.ApplicationStarted.Register(() =>
    app.Logger.LogInformation("ClinicOps API listening on {Urls}; Swagger UI at /swagger", string.Join(", ", app.Urls)));

await app.RunAsync();
return 0;

/// <summary>Entry point; public so the functional tests can host the API.</summary>
public partial class Program;
