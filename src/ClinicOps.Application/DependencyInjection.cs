using System.Text.Json;
using ClinicOps.Application.Common;
using FluentValidation;
using MediatR;
using Microsoft.Extensions.DependencyInjection;

namespace ClinicOps.Application;

/// <summary>Registers the mediator, every use-case handler and validator, and the two pipeline behaviors.</summary>
public static class DependencyInjection
{
    /// <summary>Adds the application layer. MediatR 5 has no DI package, so handlers are registered here by scanning this assembly.</summary>
    public static IServiceCollection AddApplication(this IServiceCollection services)
    {
        // Field names in validation errors match the JSON contract (camelCase paths such as emergencyContact.phone).
        ValidatorOptions.Global.PropertyNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
        // A rule stops at its first failure, so a later check never runs on a value an earlier one rejected.
        ValidatorOptions.Global.DefaultRuleLevelCascadeMode = CascadeMode.Stop;
        ValidatorOptions.Global.DisplayNameResolver = (_, member, _) =>
            member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);

        services.AddScoped<IMediator>(provider => new Mediator(serviceType => provider.GetService(serviceType)!));

        // Order matters: logging wraps validation, so rejected requests are timed too.
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(LoggingBehavior<,>));
        services.AddScoped(typeof(IPipelineBehavior<,>), typeof(ValidationBehavior<,>));

        var assembly = typeof(DependencyInjection).Assembly;
        foreach (var type in assembly.GetTypes().Where(t => t is { IsAbstract: false, IsGenericTypeDefinition: false }))
        {
            foreach (var handlerInterface in type.GetInterfaces()
                         .Where(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRequestHandler<,>)))
            {
                services.AddScoped(handlerInterface, type);
            }
        }

        // Validators are stateless once built, and building one compiles its rule expressions: one instance each for
        // the process, not one per request (their only dependency, TimeProvider, is a singleton).
        foreach (var validator in AssemblyScanner.FindValidatorsInAssembly(assembly))
        {
            services.AddSingleton(validator.InterfaceType, validator.ValidatorType);
        }

        return services;
    }
}
