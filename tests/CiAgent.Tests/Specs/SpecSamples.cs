namespace CiAgent.Tests.Specs;

/// <summary>Specs written the way each tool lays them out, shortened but otherwise as people write them.</summary>
internal static class SpecSamples
{
    public const string SpecKitSpec = """
        # Feature Specification: CSV export of invoices

        **Feature Branch**: `003-invoice-csv-export`
        **Created**: 2025-11-04
        **Status**: Draft
        **Input**: User description: "Let accountants export invoices as CSV"

        ## User Scenarios & Testing *(mandatory)*

        ### User Story 1 - Export a month of invoices (Priority: P1)

        An accountant picks a month and downloads every invoice in it as one CSV file.

        **Why this priority**: Month-end closing is blocked without it.

        **Independent Test**: Can be fully tested by exporting a month with known invoices and comparing the file.

        **Acceptance Scenarios**:

        1. **Given** three invoices dated March 2025, **When** the accountant exports March 2025, **Then** the CSV has a header row and three data rows
        2. **Given** no invoices in April 2025, **When** the accountant exports April 2025, **Then** the CSV has only the header row

        ---

        ### User Story 2 - Amounts survive a spreadsheet round trip (Priority: P2)

        **Why this priority**: Finance re-imports the file.

        **Acceptance Scenarios**:

        1. **Given** an invoice of 1234.50 EUR, **When** it is exported, **Then** the amount column reads `1234.50` with a dot as separator

        ### Edge Cases

        - What happens when an invoice note contains a comma or a quote?

        ## Requirements *(mandatory)*

        ### Functional Requirements

        - **FR-001**: System MUST write one row per invoice, ordered by invoice number.
        - **FR-002**: System MUST quote fields that contain commas, quotes or line breaks
          as described in RFC 4180.

        ### Key Entities

        - **Invoice**: number, date, customer, amount, currency.

        ## Success Criteria *(mandatory)*

        - **SC-001**: Accountants finish the monthly export in under one minute.
        """;

    public const string SpecKitPlan = """
        # Implementation Plan: CSV export of invoices

        **Language/Version**: C# 14 / .NET 10
        """;

    public const string OpenSpecProposal = """
        # Change: Add two-factor authentication

        ## Why
        Passwords alone are phished too easily.

        ## What Changes
        - Add an OTP step after password login
        - Send a notice when 2FA is turned off
        """;

    public const string OpenSpecTasks = """
        ## 1. Implementation
        - [ ] 1.1 Add OTP secret column to users
        - [ ] 1.2 Add verification endpoint
        - [ ] 1.3 Write tests
        """;

    public const string OpenSpecAuthDelta = """
        # Delta for Auth

        ## ADDED Requirements

        ### Requirement: Two-Factor Authentication
        The system SHALL require a second factor during login when the user enabled it.

        #### Scenario: OTP required
        - **WHEN** a user with 2FA enabled submits valid credentials
        - **THEN** an OTP challenge is shown
        - **AND** no session is created yet

        #### Scenario: Wrong OTP
        - **WHEN** the user enters a wrong OTP
        - **THEN** login fails with "invalid code"

        ## REMOVED Requirements

        ### Requirement: Remember Me Forever
        #### Scenario: Session never expires
        - **WHEN** a user ticks remember me
        - **THEN** the session never expires
        """;

    public const string OpenSpecNotificationsDelta = """
        ## ADDED Requirements

        ### Requirement: Security Notices
        The system SHALL email the user about security-relevant changes.

        #### Scenario: 2FA turned off
        - **WHEN** a user disables 2FA
        - **THEN** an email goes to the account address within one minute
        """;

    public const string KiroRequirements = """
        # Requirements Document

        ## Introduction

        Users can reset a forgotten password by email.

        ## Requirements

        ### Requirement 1

        **User Story:** As a user, I want to request a reset link, so that I can get back into my account.

        #### Acceptance Criteria

        1. WHEN a user submits a registered email address THEN the system SHALL send a reset link valid for 30 minutes
        2. WHEN a user submits an unknown email address THEN the system SHALL show the same confirmation message

        ### Requirement 2

        **User Story:** As a user, I want to choose a new password, so that the old one stops working.

        #### Acceptance Criteria

        1. WHEN a user opens an expired link THEN the system SHALL explain that the link expired
        2. IF the new password is shorter than 12 characters THEN the system SHALL reject it
        3. WHEN the password is changed THEN the system SHALL end every other session of that user
        """;

    public const string ChecklistMarkdown = """
        # Dark mode for the dashboard

        The dashboard hurts at night. Follow the OS setting.

        ## Out of scope

        - Custom themes

        ## Acceptance criteria

        - [ ] The dashboard follows `prefers-color-scheme` on first load
        - [x] A toggle in the header overrides the OS setting
          - stored per browser, not per account
        - [ ] Charts stay readable in both themes

        ## Notes

        - [ ] Ask design about the logo
        """;

    public const string ExplicitIdMarkdown = """
        # Rate limiting for the public API

        We need to stop one client from starving the others.

        **AC1**: Requests beyond 100 per minute per key get HTTP 429.
        AC-2 The 429 response carries a `Retry-After` header.

        - AC3: Limits reset at the start of each minute.
        - FR-010: Internal keys are never limited.
        """;

    public const string ProseMarkdown = """
        # Faster cold start

        The CLI takes four seconds to print its help. Most of that is loading assemblies
        that the help text never needs. It should feel instant.
        """;

    public const string IssuePayload = """
        {
          "action": "opened",
          "issue": {
            "number": 42,
            "title": "Reject negative quantities in the cart",
            "body": "Adding -1 items empties the cart.\r\n\r\n### Acceptance Criteria\r\n\r\n- [ ] Given a cart, when I add -1 items, then I see \"Quantity must be positive\"\r\n- [ ] Zero is rejected too\r\n",
            "user": { "login": "octocat" }
          },
          "repository": { "full_name": "octo/shop" }
        }
        """;
}
