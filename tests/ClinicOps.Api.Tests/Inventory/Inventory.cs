using System.Net;
using System.Text.Json.Nodes;
using ClinicOps.Api.Security;
using ClinicOps.Api.Tests.Harness;
using static ClinicOps.Api.Tests.Harness.Http;

namespace ClinicOps.Api.Tests.Inventory;

/// <summary>Shared inventory steps: receiving a lot over HTTP.</summary>
public static class Inventory
{
    public static JsonObject Receipt(string product, string lotNumber, int quantity, string expiresOn = "2027-03-31") => new()
    {
        ["product"] = product, ["lotNumber"] = lotNumber, ["strength"] = product == "KetamineVial" ? "500 mg/10 mL" : null,
        ["expiresOn"] = expiresOn, ["quantity"] = quantity, ["supplier"] = "McKesson Specialty",
    };

    /// <summary>Receives <paramref name="quantity"/> units of a lot at the site and returns the lot id.</summary>
    public static async Task<Guid> ReceiveAsync(this ApiFactory api, Guid site, string product, string lotNumber, int quantity, string expiresOn = "2027-03-31")
    {
        using var nurse = api.ClientFor("nurse-receiver", [Role.Nurse], [site]);
        var body = Receipt(product, lotNumber, quantity, expiresOn);
        if (body["strength"] is null)
        {
            body.Remove("strength");
        }

        var response = await nurse.PostAsync($"/api/v1/sites/{site}/inventory/receipts", Json(body.ToJsonString()));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.ReadObjectAsync())["id"]!.GetValue<Guid>();
    }
}
