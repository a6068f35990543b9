using ClinicOps.Api.Hosting;

namespace ClinicOps.Api.Security;

/// <summary>
/// <c>tokens --role Nurse [--role Clinician] [--site ID]... [--subject NAME] [--hours N]</c>: prints a locally signed
/// token. Refuses in Production, where tokens come from the clinic's identity provider.
/// </summary>
internal static class TokenCommand
{
    public static int Run(WebApplication app, string[] args)
    {
        if (app.Environment.IsProduction())
        {
            Console.Error.WriteLine("The tokens command is disabled in the Production environment.");
            return 2;
        }

        var roles = new List<Role>();
        var sites = new List<Guid>();
        string subject = "dev-user";
        var hours = 8;
        for (var i = 0; i < args.Length - 1; i += 2)
        {
            var value = args[i + 1];
            var ok = args[i] switch
            {
                "--role" when Enum.TryParse<Role>(value, ignoreCase: true, out var role) => Add(roles, role),
                "--site" when Guid.TryParse(value, out var site) => Add(sites, site),
                "--subject" when !string.IsNullOrWhiteSpace(value) => (subject = value).Length > 0,
                "--hours" => int.TryParse(value, out hours) && hours is > 0 and <= 24,
                _ => false,
            };
            if (!ok)
            {
                Console.Error.WriteLine($"Unrecognised option or value: {args[i]} {value}");
                return 2;
            }
        }

        if (roles.Count == 0)
        {
            Console.Error.WriteLine($"Usage: tokens --role <{string.Join('|', Enum.GetNames<Role>())}> [--site <site id>]... [--subject <name>] [--hours <1-24>]");
            return 2;
        }

        if (sites.Count == 0)
        {
            sites.Add(DevelopmentSeed.DemoSiteId);
        }

        var options = app.Services.GetRequiredService<AuthOptions>();
        var clock = app.Services.GetRequiredService<TimeProvider>();
        Console.WriteLine(DevelopmentTokens.Mint(options, subject, roles, sites, TimeSpan.FromHours(hours), clock.GetUtcNow()));
        return 0;
    }

    private static bool Add<T>(List<T> list, T item)
    {
        list.Add(item);
        return true;
    }
}
