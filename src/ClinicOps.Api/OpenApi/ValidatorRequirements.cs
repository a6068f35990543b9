using System.Reflection;
using FluentValidation;
using FluentValidation.Validators;

namespace ClinicOps.Api.OpenApi;

/// <summary>
/// Which request fields the API really requires, read from the registered FluentValidation validators: a property
/// is required when some rule applies an unconditional <c>NotNull</c> or <c>NotEmpty</c> to it. Rules are followed
/// into child validators (<c>SetValidator</c>, <c>ChildRules</c>, <c>Include</c>), so nested request records are
/// covered too. Conditional rules (<c>When</c>) and rules on collection elements never make a property required.
/// </summary>
internal sealed class ValidatorRequirements(IServiceProvider services)
{
    private readonly Lazy<IReadOnlySet<(Type DeclaringType, string Name)>> _required = new(() => Collect(services));

    /// <summary>C# names of the properties of <paramref name="type"/> (declared there or inherited) that are required.</summary>
    public IReadOnlyList<string> RequiredProperties(Type type) =>
        [.. type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType is not null && _required.Value.Contains((p.DeclaringType, p.Name)))
            .Select(p => p.Name)];

    private static HashSet<(Type, string)> Collect(IServiceProvider services)
    {
        var required = new HashSet<(Type, string)>();
        var visited = new HashSet<object>(ReferenceEqualityComparer.Instance);
        foreach (var result in AssemblyScanner.FindValidatorsInAssembly(typeof(Application.DependencyInjection).Assembly))
        {
            var validator = (IValidator)ActivatorUtilities.CreateInstance(services, result.ValidatorType);
            Visit(validator, required, visited);
        }

        return required;
    }

    private static void Visit(IValidator validator, HashSet<(Type, string)> required, HashSet<object> visited)
    {
        if (!visited.Add(validator) || validator is not IEnumerable<IValidationRule> rules)
        {
            return;
        }

        var validatedType = validator.GetType().GetInterfaces()
            .FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IValidator<>))?.GetGenericArguments()[0];
        foreach (var rule in rules)
        {
            var appliesToElements = rule.GetType().GetInterfaces()
                .Any(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(ICollectionRule<,>));
            var conditional = rule.HasCondition || rule.HasAsyncCondition;

            // A rule on a computed value (RuleFor(c => item.GetValue(c)).OverridePropertyName(...)) has no member:
            // its property name then names the property.
            var property = rule.Member as PropertyInfo
                ?? (rule.PropertyName is { Length: > 0 } name
                    ? validatedType?.GetProperty(name, BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase)
                    : null);
            foreach (var component in rule.Components)
            {
                if (!appliesToElements && !conditional
                    && property is { DeclaringType: { } declaringType }
                    && component.Validator is INotNullValidator or INotEmptyValidator
                    && !component.HasCondition && !component.HasAsyncCondition)
                {
                    required.Add((declaringType, property.Name));
                }

                if (component.Validator is IChildValidatorAdaptor && InnerValidator(component.Validator) is { } inner)
                {
                    Visit(inner, required, visited);
                }
            }
        }
    }

    /// <summary>The validator a child adaptor wraps (FluentValidation exposes it to the adaptor only).</summary>
    private static IValidator? InnerValidator(object adaptor)
    {
        for (var type = adaptor.GetType(); type is not null; type = type.BaseType)
        {
            foreach (var field in type.GetFields(BindingFlags.Instance | BindingFlags.NonPublic | BindingFlags.Public))
            {
                if (typeof(IValidator).IsAssignableFrom(field.FieldType) && field.GetValue(adaptor) is IValidator validator)
                {
                    return validator;
                }
            }
        }

        return null;
    }
}
