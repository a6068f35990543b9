using System.Collections;
using System.Reflection;
using Microsoft.AspNetCore.Mvc.ApiExplorer;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace ClinicOps.Api.OpenApi;

/// <summary>
/// The API's own types in the contract, split by direction: request types (request bodies and what they contain)
/// and response types (2xx bodies and what they contain). Found from the endpoints, so new endpoints are covered.
/// </summary>
internal sealed class ContractTypes(IApiDescriptionGroupCollectionProvider apis)
{
    private readonly Lazy<(IReadOnlySet<Type> Requests, IReadOnlySet<Type> Responses)> _types = new(() => Collect(apis));

    public IReadOnlySet<Type> Requests => _types.Value.Requests;

    public IReadOnlySet<Type> Responses => _types.Value.Responses;

    private static (IReadOnlySet<Type>, IReadOnlySet<Type>) Collect(IApiDescriptionGroupCollectionProvider apis)
    {
        var descriptions = apis.ApiDescriptionGroups.Items.SelectMany(g => g.Items).ToList();
        var requests = new HashSet<Type>();
        var responses = new HashSet<Type>();
        foreach (var description in descriptions)
        {
            foreach (var parameter in description.ParameterDescriptions.Where(p => p.Source == BindingSource.Body && p.Type is not null))
            {
                Walk(parameter.Type, requests);
            }

            foreach (var response in description.SupportedResponseTypes.Where(r => r.StatusCode is >= 200 and < 300 && r.Type is not null))
            {
                Walk(response.Type!, responses);
            }
        }

        return (requests, responses);
    }

    private static void Walk(Type type, HashSet<Type> found)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        if (type != typeof(string) && typeof(IEnumerable).IsAssignableFrom(type))
        {
            var element = type.IsArray ? type.GetElementType() : type.GetGenericArguments().FirstOrDefault();
            if (element is not null)
            {
                Walk(element, found);
            }

            return;
        }

        if (!IsOwnType(type) || !found.Add(type))
        {
            return;
        }

        foreach (var argument in type.GetGenericArguments())
        {
            Walk(argument, found);
        }

        foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            Walk(property.PropertyType, found);
        }
    }

    private static bool IsOwnType(Type type) =>
        type.Assembly.GetName().Name?.StartsWith("ClinicOps.", StringComparison.Ordinal) == true;
}
