using System.Reflection;

namespace ClinicOps.Api.Tests.Architecture;

/// <summary>Domain ← Application ← Infrastructure ← Api, enforced on the compiled assemblies.</summary>
public sealed class LayeringTests
{
    private static readonly Assembly Domain = typeof(ClinicOps.Domain.Patients.Patient).Assembly;
    private static readonly Assembly Application = typeof(ClinicOps.Application.DependencyInjection).Assembly;
    private static readonly Assembly Infrastructure = typeof(ClinicOps.Infrastructure.DependencyInjection).Assembly;
    private static readonly Assembly Api = typeof(Program).Assembly;

    public static TheoryData<string, string[]> ForbiddenReferences => new()
    {
        { "ClinicOps.Domain", ["ClinicOps.Application", "ClinicOps.Infrastructure", "ClinicOps.Api", "Microsoft.EntityFrameworkCore", "MediatR", "FluentValidation", "Microsoft.AspNetCore"] },
        { "ClinicOps.Application", ["ClinicOps.Infrastructure", "ClinicOps.Api", "Microsoft.AspNetCore", "Npgsql", "Microsoft.EntityFrameworkCore.Sqlite", "Microsoft.Data.Sqlite"] },
        { "ClinicOps.Infrastructure", ["ClinicOps.Api"] },
    };

    [Theory]
    [MemberData(nameof(ForbiddenReferences))]
    public void A_layer_references_nothing_above_it(string layer, string[] forbidden)
    {
        var assembly = new[] { Domain, Application, Infrastructure, Api }.Single(a => a.GetName().Name == layer);

        var offending = assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(name => forbidden.Any(f => name == f || name.StartsWith(f + ".", StringComparison.Ordinal)))
            .ToList();

        Assert.True(offending.Count == 0, $"{layer} must not reference: {string.Join(", ", offending)}");
    }

    [Fact]
    public void Each_layer_references_the_one_below_it()
    {
        Assert.Contains(Application.GetReferencedAssemblies(), r => r.Name == Domain.GetName().Name);
        Assert.Contains(Infrastructure.GetReferencedAssemblies(), r => r.Name == Application.GetName().Name);
        Assert.Contains(Api.GetReferencedAssemblies(), r => r.Name == Infrastructure.GetName().Name);
    }

    [Fact]
    public void Domain_rules_never_read_the_clock()
    {
        var clockReaders = Domain.GetTypes()
            .SelectMany(t => t.GetMethods(BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static | BindingFlags.Instance | BindingFlags.DeclaredOnly))
            .Where(m => m.GetParameters().Any(p => p.ParameterType == typeof(TimeProvider)))
            .Select(m => $"{m.DeclaringType!.Name}.{m.Name}")
            .ToList();

        Assert.Empty(clockReaders);
        Assert.DoesNotContain(Domain.GetReferencedAssemblies(), r => r.Name == "Microsoft.Bcl.TimeProvider");
    }
}
