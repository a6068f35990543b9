namespace ClinicOps.Domain.Screening;

/// <summary>Pharmacological class of an antidepressant tried before intake.</summary>
public enum AntidepressantClass
{
    /// <summary>Selective serotonin reuptake inhibitor.</summary>
    Ssri,

    /// <summary>Serotonin-norepinephrine reuptake inhibitor.</summary>
    Snri,

    /// <summary>Tricyclic antidepressant.</summary>
    Tricyclic,

    /// <summary>Monoamine oxidase inhibitor.</summary>
    Maoi,

    /// <summary>Atypical antidepressant (for example bupropion or mirtazapine).</summary>
    Atypical,

    /// <summary>Any other class.</summary>
    Other,
}
