using System.Text.Json;
using System.Text.Json.Serialization;

namespace ClinicOps.Infrastructure.Events;

/// <summary>How event data is written: camelCase, enums as strings, as the API's own JSON.</summary>
public static class EventJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter() },
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static string Serialize(object data) => JsonSerializer.Serialize(data, Options);
}
