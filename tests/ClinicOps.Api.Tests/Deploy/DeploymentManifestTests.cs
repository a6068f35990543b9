using System.Text.Json.Nodes;
using ClinicOps.Api.Tests.Contract;

namespace ClinicOps.Api.Tests.Deploy;

/// <summary>
/// deploy/ validated offline: deploy/validate/validate.mjs checks every Kubernetes object against the Kubernetes
/// schemas (kubernetes-models), compose.yaml against the Compose Specification schema and lints the Dockerfile
/// (npm tools pinned in deploy/validate, npm ci on first use); these tests then check what the schemas cannot: that
/// the pieces fit together as the deployment needs (issue 12, ADR 0013).
/// </summary>
public sealed class DeploymentManifestTests
{
    private static readonly string ValidateDirectory = Path.Combine(Tools.RepositoryRoot, "deploy", "validate");
    private static readonly Lazy<Task<JsonObject>> Summary = new(ValidateAsync);

    [Fact]
    public async Task The_deployment_runs_three_probed_bounded_replicas_that_stop_gracefully_and_read_secrets_from_a_secret()
    {
        var summary = await Summary.Value;
        var deployment = Object(summary, "Deployment", "clinicops-api");
        var config = Object(summary, "ConfigMap", "clinicops-config")["data"]!;
        var pod = deployment["spec"]!["template"]!["spec"]!;
        var api = pod["containers"]!.AsArray().Single()!;

        Assert.Equal(3, deployment["spec"]!["replicas"]!.GetValue<int>());
        Assert.Equal(0, deployment["spec"]!["strategy"]!["rollingUpdate"]!["maxUnavailable"]!.GetValue<int>());
        Assert.Equal("/health/ready", api["readinessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        Assert.Equal("/health/live", api["livenessProbe"]!["httpGet"]!["path"]!.GetValue<string>());
        foreach (var bound in new[] { "requests", "limits" })
        {
            Assert.NotNull(api["resources"]![bound]!["cpu"]);
            Assert.NotNull(api["resources"]![bound]!["memory"]);
        }

        // Graceful termination: the pre-stop pause and the API's own shutdown timeout fit in the grace period.
        var preStop = api["lifecycle"]!["preStop"]!["sleep"]!["seconds"]!.GetValue<int>();
        var shutdownTimeout = int.Parse(config["Hosting__ShutdownTimeoutSeconds"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(preStop + shutdownTimeout < pod["terminationGracePeriodSeconds"]!.GetValue<int>());

        Assert.True(pod["securityContext"]!["runAsNonRoot"]!.GetValue<bool>());
        Assert.False(api["securityContext"]!["allowPrivilegeEscalation"]!.GetValue<bool>());
        Assert.Equal("clinicops-config", api["envFrom"]!.AsArray().Single()!["configMapRef"]!["name"]!.GetValue<string>());
        Assert.Equal("false", config["Database__MigrateOnStartup"]!.GetValue<string>());
        Assert.Equal("Postgres", config["Database__Provider"]!.GetValue<string>());
        var fromSecret = api["env"]!.AsArray()
            .Where(e => e!["valueFrom"]?["secretKeyRef"]?["name"]?.GetValue<string>() == "clinicops-secrets")
            .Select(e => e!["name"]!.GetValue<string>())
            .ToList();
        Assert.Contains("Database__ConnectionString", fromSecret);
        Assert.Contains("Auth__SigningKey", fromSecret);
        Assert.Contains("Auth__PreviousSigningKeys__0", fromSecret);
        Assert.DoesNotContain(config.AsObject(), setting =>
            setting.Key.Contains("ConnectionString", StringComparison.Ordinal) || setting.Key.Contains("SigningKey", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_service_budget_and_autoscaler_select_the_deployment_and_the_migration_job_migrates_with_the_same_image()
    {
        var summary = await Summary.Value;
        var deployment = Object(summary, "Deployment", "clinicops-api");
        var podLabels = deployment["spec"]!["template"]!["metadata"]!["labels"]!.AsObject();
        var api = deployment["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;

        var service = Object(summary, "Service", "clinicops-api");
        Assert.All(service["spec"]!["selector"]!.AsObject(), label => Assert.Equal(label.Value!.GetValue<string>(), podLabels[label.Key]!.GetValue<string>()));
        var portName = service["spec"]!["ports"]!.AsArray().Single()!["targetPort"]!.GetValue<string>();
        Assert.Contains(api["ports"]!.AsArray(), p => p!["name"]!.GetValue<string>() == portName);

        var budget = Object(summary, "PodDisruptionBudget", "clinicops-api");
        Assert.All(budget["spec"]!["selector"]!["matchLabels"]!.AsObject(), label => Assert.Equal(label.Value!.GetValue<string>(), podLabels[label.Key]!.GetValue<string>()));
        Assert.InRange(budget["spec"]!["minAvailable"]!.GetValue<int>(), 1, deployment["spec"]!["replicas"]!.GetValue<int>() - 1);

        var autoscaler = Object(summary, "HorizontalPodAutoscaler", "clinicops-api");
        Assert.Equal("Deployment", autoscaler["spec"]!["scaleTargetRef"]!["kind"]!.GetValue<string>());
        Assert.Equal("clinicops-api", autoscaler["spec"]!["scaleTargetRef"]!["name"]!.GetValue<string>());
        Assert.True(autoscaler["spec"]!["minReplicas"]!.GetValue<int>() >= deployment["spec"]!["replicas"]!.GetValue<int>());

        var job = Object(summary, "Job", "clinicops-migrate");
        var migrate = job["spec"]!["template"]!["spec"]!["containers"]!.AsArray().Single()!;
        Assert.Equal(["migrate"], migrate["args"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal(api["image"]!.GetValue<string>(), migrate["image"]!.GetValue<string>());
        Assert.Equal("Never", job["spec"]!["template"]!["spec"]!["restartPolicy"]!.GetValue<string>());
        Assert.Contains(migrate["env"]!.AsArray(), e => e!["name"]!.GetValue<string>() == "Database__ConnectionString" && e["valueFrom"]?["secretKeyRef"] is not null);
    }

    [Fact]
    public async Task Compose_runs_postgres_then_migrate_once_then_several_api_replicas_behind_the_proxy()
    {
        var services = (await Summary.Value)["compose"]!["services"]!;

        Assert.NotNull(services["postgres"]);
        var migrate = services["migrate"]!;
        Assert.Equal(["migrate"], migrate["command"]!.AsArray().Select(a => a!.GetValue<string>()));
        Assert.Equal("service_healthy", migrate["depends_on"]!["postgres"]!["condition"]!.GetValue<string>());
        var api = services["api"]!;
        Assert.True(api["deploy"]!["replicas"]!.GetValue<int>() >= 2);
        Assert.Equal("service_completed_successfully", api["depends_on"]!["migrate"]!["condition"]!.GetValue<string>());
        Assert.Equal("false", api["environment"]!["Database__MigrateOnStartup"]!.GetValue<string>());
        Assert.Equal(migrate["image"]!.GetValue<string>(), api["image"]!.GetValue<string>());
        var proxy = services["proxy"]!;
        Assert.Equal("service_healthy", proxy["depends_on"]!["api"]!["condition"]!.GetValue<string>());
        foreach (var mount in proxy["volumes"]!.AsArray().Select(v => v!.GetValue<string>()))
        {
            var source = mount.Split(':')[0];
            Assert.True(File.Exists(Path.Combine(Tools.RepositoryRoot, "deploy", source)), $"compose mounts {source}, which does not exist");
        }
    }

    [Fact]
    public async Task The_dockerfile_builds_in_stages_and_runs_a_small_non_root_image_with_a_liveness_healthcheck_and_no_baked_settings()
    {
        var dockerfile = (await Summary.Value)["dockerfile"]!;
        Assert.Equal(0, dockerfile["diagnostics"]!.GetValue<int>());
        var instructions = dockerfile["instructions"]!.AsArray().Select(i => (Keyword: i!["keyword"]!.GetValue<string>(), Text: i["text"]!.GetValue<string>())).ToList();

        var stages = instructions.Where(i => i.Keyword == "FROM").ToList();
        Assert.True(stages.Count >= 2, "a multi-stage build");
        Assert.Contains("dotnet/sdk", stages[0].Text, StringComparison.Ordinal);
        Assert.Contains("chiseled", stages[^1].Text, StringComparison.Ordinal); // the runtime image: no shell, no SDK
        var runtime = instructions.SkipWhile(i => i != stages[^1]).ToList();
        var user = runtime.Last(i => i.Keyword == "USER").Text.Split(' ', 2)[1].Trim();
        Assert.NotEqual("root", user);
        Assert.NotEqual("0", user);
        Assert.Contains(runtime, i => i.Keyword == "HEALTHCHECK" && i.Text.Contains("\"healthcheck\"", StringComparison.Ordinal));
        Assert.Contains(runtime, i => i.Keyword == "ENTRYPOINT" && i.Text.Contains("[\"dotnet\"", StringComparison.Ordinal)); // exec form: SIGTERM reaches the API
        Assert.DoesNotContain(instructions, i => i.Keyword is "ENV" or "ARG"
            && (i.Text.Contains("ConnectionString", StringComparison.Ordinal) || i.Text.Contains("SigningKey", StringComparison.Ordinal)
                || i.Text.Contains("Password", StringComparison.OrdinalIgnoreCase)));
    }

    private static JsonObject Object(JsonObject summary, string kind, string name) =>
        summary["kubernetes"]!.AsArray()
            .Single(o => o!["kind"]!.GetValue<string>() == kind && o["name"]!.GetValue<string>() == name)!["object"]!.AsObject();

    private static async Task<JsonObject> ValidateAsync()
    {
        await Tools.EnsureNpmToolsAsync(ValidateDirectory);
        var output = Path.Combine(Path.GetTempPath(), $"clinicops-deploy-{Guid.NewGuid():N}.json");
        try
        {
            var (exitCode, log) = await Tools.RunAsync("node", ["validate.mjs", "--out", output], ValidateDirectory, TimeSpan.FromMinutes(2));
            Assert.True(exitCode == 0, $"deploy/ is not valid:\n{log}");
            Assert.DoesNotContain("unknown format", log, StringComparison.Ordinal);
            return JsonNode.Parse(await File.ReadAllTextAsync(output))!.AsObject();
        }
        finally
        {
            File.Delete(output);
        }
    }
}
