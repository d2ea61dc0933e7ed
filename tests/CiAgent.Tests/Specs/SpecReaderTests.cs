using CiAgent.Kernel;
using CiAgent.Specs;

namespace CiAgent.Tests.Specs;

public sealed class SpecReaderTests : IDisposable
{
    private readonly SpecWorkspace workspace = new();

    public void Dispose() => workspace.Dispose();

    [Fact]
    public void I_can_read_a_Spec_Kit_folder_into_its_acceptance_scenarios_and_functional_requirements()
    {
        workspace.Write("specs/003-invoice-csv-export/spec.md", SpecSamples.SpecKitSpec);
        workspace.Write("specs/003-invoice-csv-export/plan.md", SpecSamples.SpecKitPlan);

        var spec = SpecReader.Read(workspace.Root, "specs/003-invoice-csv-export");

        Assert.Equal(SpecFormat.SpecKit, spec.Format);
        Assert.Equal("CSV export of invoices", spec.Title);
        Assert.Equal("specs/003-invoice-csv-export", spec.Path);
        Assert.Equal(
            [
                new("US1-1", "Given three invoices dated March 2025, When the accountant exports March 2025, Then the CSV has a header row and three data rows"),
                new("US1-2", "Given no invoices in April 2025, When the accountant exports April 2025, Then the CSV has only the header row"),
                new("US2-1", "Given an invoice of 1234.50 EUR, When it is exported, Then the amount column reads `1234.50` with a dot as separator"),
                new("FR-001", "System MUST write one row per invoice, ordered by invoice number."),
                new("FR-002", "System MUST quote fields that contain commas, quotes or line breaks as described in RFC 4180."),
            ],
            spec.Criteria.ToArray<AcceptanceCriterion>());
        Assert.Equal(["specs/003-invoice-csv-export/spec.md", "specs/003-invoice-csv-export/plan.md"], spec.Files);
        Assert.StartsWith("## file: specs/003-invoice-csv-export/spec.md\n\n# Feature Specification: CSV export of invoices", spec.Body);
        Assert.Contains("\n\n## file: specs/003-invoice-csv-export/plan.md\n\n# Implementation Plan", spec.Body);
    }

    [Fact]
    public void I_can_name_a_Spec_Kit_spec_md_and_still_get_the_whole_feature_folder()
    {
        workspace.Write("specs/003-invoice-csv-export/spec.md", SpecSamples.SpecKitSpec);
        workspace.Write("specs/003-invoice-csv-export/plan.md", SpecSamples.SpecKitPlan);

        var spec = SpecReader.Read(workspace.Root, "specs/003-invoice-csv-export/spec.md");

        Assert.Equal(SpecFormat.SpecKit, spec.Format);
        Assert.Equal(2, spec.Files.Count);
    }

    [Fact]
    public void I_get_a_spec_md_at_the_workspace_root_as_plain_Markdown()
    {
        workspace.Write("spec.md", SpecSamples.ChecklistMarkdown);
        workspace.Write("tasks.md", "- [ ] unrelated chore\n");

        var spec = SpecReader.Read(workspace.Root, "spec.md");

        Assert.Equal(SpecFormat.Markdown, spec.Format);
        Assert.Equal(["spec.md"], spec.Files);
    }

    [Fact]
    public void I_get_the_generic_rules_then_the_title_when_a_Spec_Kit_template_was_left_unfilled()
    {
        workspace.Write("specs/004-audit-log/spec.md", "# Feature Specification: Audit log\n\n## User Scenarios & Testing\n\nTo be written.\n");

        var spec = SpecReader.Read(workspace.Root, "specs/004-audit-log");

        Assert.Equal(SpecFormat.SpecKit, spec.Format);
        Assert.Equal([new AcceptanceCriterion("AC1", "Audit log")], spec.Criteria.ToArray<AcceptanceCriterion>());
    }

    [Fact]
    public void I_can_read_an_OpenSpec_change_into_one_criterion_per_scenario_of_its_deltas()
    {
        workspace.Write("openspec/changes/add-2fa/proposal.md", SpecSamples.OpenSpecProposal);
        workspace.Write("openspec/changes/add-2fa/tasks.md", SpecSamples.OpenSpecTasks);
        workspace.Write("openspec/changes/add-2fa/specs/auth/spec.md", SpecSamples.OpenSpecAuthDelta);
        workspace.Write("openspec/changes/add-2fa/specs/notifications/spec.md", SpecSamples.OpenSpecNotificationsDelta);

        var spec = SpecReader.Read(workspace.Root, "openspec/changes/add-2fa/");

        Assert.Equal(SpecFormat.OpenSpec, spec.Format);
        Assert.Equal("Add two-factor authentication", spec.Title);
        Assert.Equal(
            [
                new("otp-required", "OTP required: WHEN a user with 2FA enabled submits valid credentials THEN an OTP challenge is shown AND no session is created yet"),
                new("wrong-otp", "Wrong OTP: WHEN the user enters a wrong OTP THEN login fails with \"invalid code\""),
                new("2fa-turned-off", "2FA turned off: WHEN a user disables 2FA THEN an email goes to the account address within one minute"),
            ],
            spec.Criteria.ToArray<AcceptanceCriterion>());
        Assert.Equal(
            [
                "openspec/changes/add-2fa/proposal.md",
                "openspec/changes/add-2fa/tasks.md",
                "openspec/changes/add-2fa/specs/auth/spec.md",
                "openspec/changes/add-2fa/specs/notifications/spec.md",
            ],
            spec.Files);
        Assert.Contains("## file: openspec/changes/add-2fa/specs/notifications/spec.md", spec.Body);
    }

    [Fact]
    public void I_get_distinct_ids_when_two_OpenSpec_scenarios_share_a_name()
    {
        workspace.Write("openspec/changes/harden-uploads/proposal.md", "## Why\nUploads fail silently.\n");
        workspace.Write("openspec/changes/harden-uploads/specs/uploads/spec.md", """
            ## ADDED Requirements
            ### Requirement: Size limit
            #### Scenario: Rejected
            - **WHEN** a file over 10 MB is uploaded
            - **THEN** the API answers 413
            ### Requirement: Type check
            #### Scenario: Rejected
            - **WHEN** an executable is uploaded
            - **THEN** the API answers 415
            """);

        var spec = SpecReader.Read(workspace.Root, "openspec/changes/harden-uploads");

        Assert.Equal("harden-uploads", spec.Title);
        Assert.Equal(["rejected", "rejected-2"], spec.Criteria.Select(criterion => criterion.Id));
        Assert.Equal("Rejected: WHEN an executable is uploaded THEN the API answers 415", spec.Criteria[1].Text);
    }

    [Fact]
    public void I_can_read_a_Kiro_spec_into_numbered_EARS_criteria_per_requirement()
    {
        workspace.Write(".kiro/specs/password-reset/requirements.md", SpecSamples.KiroRequirements);
        workspace.Write(".kiro/specs/password-reset/design.md", "# Design\n\nTokens are random 32-byte values.\n");

        var spec = SpecReader.Read(workspace.Root, ".kiro/specs/password-reset");

        Assert.Equal(SpecFormat.Kiro, spec.Format);
        Assert.Equal("password-reset", spec.Title);
        Assert.Equal(
            [
                new("R1-1", "WHEN a user submits a registered email address THEN the system SHALL send a reset link valid for 30 minutes"),
                new("R1-2", "WHEN a user submits an unknown email address THEN the system SHALL show the same confirmation message"),
                new("R2-1", "WHEN a user opens an expired link THEN the system SHALL explain that the link expired"),
                new("R2-2", "IF the new password is shorter than 12 characters THEN the system SHALL reject it"),
                new("R2-3", "WHEN the password is changed THEN the system SHALL end every other session of that user"),
            ],
            spec.Criteria.ToArray<AcceptanceCriterion>());
        Assert.Equal([".kiro/specs/password-reset/requirements.md", ".kiro/specs/password-reset/design.md"], spec.Files);
    }

    [Fact]
    public void I_can_read_a_Markdown_file_whose_acceptance_criteria_are_a_checklist()
    {
        workspace.Write("docs/dark-mode.md", SpecSamples.ChecklistMarkdown);

        var spec = SpecReader.Read(workspace.Root, "docs/dark-mode.md");

        Assert.Equal(SpecFormat.Markdown, spec.Format);
        Assert.Equal("Dark mode for the dashboard", spec.Title);
        Assert.Equal(
            [
                new("AC1", "The dashboard follows `prefers-color-scheme` on first load"),
                new("AC2", "A toggle in the header overrides the OS setting"),
                new("AC3", "Charts stay readable in both themes"),
            ],
            spec.Criteria.ToArray<AcceptanceCriterion>());
        Assert.Equal(["docs/dark-mode.md"], spec.Files);
    }

    [Fact]
    public void I_can_read_a_Markdown_file_whose_criteria_carry_their_own_ids()
    {
        workspace.Write("rate-limit.md", SpecSamples.ExplicitIdMarkdown);

        var spec = SpecReader.Read(workspace.Root, "rate-limit.md");

        Assert.Equal(
            [
                new("AC1", "Requests beyond 100 per minute per key get HTTP 429."),
                new("AC-2", "The 429 response carries a `Retry-After` header."),
                new("AC3", "Limits reset at the start of each minute."),
                new("FR-010", "Internal keys are never limited."),
            ],
            spec.Criteria.ToArray<AcceptanceCriterion>());
    }

    [Fact]
    public void I_do_not_mistake_a_sentence_that_opens_with_a_hyphenated_code_for_an_id()
    {
        workspace.Write("dates.md", "# Dates\n\nISO-8601 dates everywhere.\n\n## Acceptance criteria\n\n- Dates in the API are ISO-8601\n");

        var spec = SpecReader.Read(workspace.Root, "dates.md");

        Assert.Equal([new AcceptanceCriterion("AC1", "Dates in the API are ISO-8601")], spec.Criteria.ToArray<AcceptanceCriterion>());
    }

    [Fact]
    public void I_get_the_title_as_the_only_criterion_when_a_spec_is_nothing_but_prose()
    {
        workspace.Write("cold-start.md", SpecSamples.ProseMarkdown);

        var spec = SpecReader.Read(workspace.Root, "cold-start.md");

        Assert.Equal([new AcceptanceCriterion("AC1", "Faster cold start")], spec.Criteria.ToArray<AcceptanceCriterion>());
    }

    [Fact]
    public void I_get_the_file_name_as_title_when_a_Markdown_file_has_no_heading()
    {
        workspace.Write("notes/retry-uploads.md", "Retry failed uploads three times.\n");

        var spec = SpecReader.Read(workspace.Root, "notes/retry-uploads.md");

        Assert.Equal("retry-uploads", spec.Title);
        Assert.Equal([new AcceptanceCriterion("AC1", "retry-uploads")], spec.Criteria.ToArray<AcceptanceCriterion>());
    }

    [Fact]
    public void I_can_read_an_issue_from_the_event_payload()
    {
        var spec = SpecReader.FromIssue(SpecSamples.IssuePayload);

        Assert.Equal(SpecFormat.Issue, spec.Format);
        Assert.Equal("issue #42", spec.Path);
        Assert.Equal("Reject negative quantities in the cart", spec.Title);
        Assert.Equal(
            [
                new("AC1", "Given a cart, when I add -1 items, then I see \"Quantity must be positive\""),
                new("AC2", "Zero is rejected too"),
            ],
            spec.Criteria.ToArray<AcceptanceCriterion>());
        Assert.Empty(spec.Files);
        Assert.StartsWith("## file: issue #42\n\n# Reject negative quantities in the cart\n\nAdding -1 items", spec.Body);
    }

    [Fact]
    public void I_get_a_body_cut_to_the_cap_with_a_note_when_the_spec_is_huge()
    {
        workspace.Write("huge.md", "# Huge\n\n" + new string('x', SpecReader.MaxBodyChars * 2));

        var spec = SpecReader.Read(workspace.Root, "huge.md");

        Assert.Equal(SpecReader.MaxBodyChars, spec.Body.Length);
        Assert.EndsWith($"[spec cut at {SpecReader.MaxBodyChars} characters]", spec.Body);
    }

    [Fact]
    public void I_am_told_in_one_line_when_the_spec_does_not_exist()
    {
        var error = Assert.Throws<UsageException>(() => SpecReader.Read(workspace.Root, "specs/999-nothing"));

        Assert.Equal(
            $"The spec 'specs/999-nothing' does not exist under {workspace.Root}; pass --spec PATH (a Markdown file or a Spec Kit, OpenSpec or Kiro folder).",
            error.Message);
    }

    [Fact]
    public void I_am_told_in_one_line_when_a_folder_is_no_spec_format_I_know()
    {
        workspace.Write("docs/readme.txt", "hello");

        var error = Assert.Throws<UsageException>(() => SpecReader.Read(workspace.Root, "docs"));

        Assert.StartsWith("The folder 'docs' is not a spec folder: it has no spec.md (Spec Kit), proposal.md (OpenSpec) or requirements.md (Kiro)", error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void I_am_told_in_one_line_when_the_spec_path_climbs_out_of_the_workspace()
    {
        var outside = Path.Combine(Path.GetDirectoryName(workspace.Root)!, "outside-" + Path.GetFileName(workspace.Root) + ".md");
        File.WriteAllText(outside, "# Not yours\n");
        try
        {
            var error = Assert.Throws<UsageException>(() => SpecReader.Read(workspace.Root, "../" + Path.GetFileName(outside)));

            Assert.StartsWith($"The spec '../{Path.GetFileName(outside)}' is outside the workspace {workspace.Root};", error.Message);
            Assert.DoesNotContain('\n', error.Message);
        }
        finally
        {
            File.Delete(outside);
        }
    }

    [Theory]
    [InlineData("{ \"issue\": ", "The event payload is not valid JSON (")]
    [InlineData("{ \"action\": \"opened\", \"pull_request\": { \"title\": \"x\" } }", "The event payload has no issue; `spec: issue` needs an issues or issue_comment event.")]
    [InlineData("[1, 2]", "The event payload has no issue; `spec: issue` needs an issues or issue_comment event.")]
    [InlineData("{ \"issue\": { \"number\": 7, \"body\": \"text\" } }", "The event payload's issue has no title;")]
    public void I_am_told_in_one_line_when_the_event_payload_holds_no_usable_issue(string payload, string expectedStart)
    {
        var error = Assert.Throws<UsageException>(() => SpecReader.FromIssue(payload));

        Assert.StartsWith(expectedStart, error.Message);
        Assert.DoesNotContain('\n', error.Message);
    }
}
