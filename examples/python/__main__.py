"""A team's Skyvern credentials: a folder, a GitHub login with its authenticator seed, a company
card and an API key. Every secret comes from stack config (`pulumi config set --secret ...`), so
rotating one is a config change and `pulumi up`."""
import pulumi
import pulumi_skyvern as skyvern

config = pulumi.Config()

team = skyvern.CredentialFolder(
    "team",
    title="Team logins",
    description="Managed by Pulumi; change through a pull request.",
)

# A plain dict works as well as the Args classes; its keys are the SDK's snake_case names.
github_bot = skyvern.Credential(
    "github-bot",
    name="github-bot",
    credential_type="password",
    credential={
        "username": "bot@example.com",
        "password": config.require_secret("githubPassword"),
        "totp": config.require_secret("githubTotpSeed"),
        "totp_type": "authenticator",
    },
    tested_url="https://github.com/login",
    folder_id=team.folder_id,
)

company_card = skyvern.Credential(
    "company-card",
    name="company-card",
    credential_type="credit_card",
    credential=skyvern.CreditCardCredentialArgs(
        card_number=config.require_secret("cardNumber"),
        card_cvv=config.require_secret("cardCvv"),
        card_exp_month="07",
        card_exp_year="2031",
        card_brand="visa",
        card_holder_name="Ada Lovelace",
        billing_address=skyvern.CreditCardBillingAddressArgs(postal_code="94105", country_code="US"),
    ),
    folder_id=team.folder_id,
)

stripe_key = skyvern.Credential(
    "stripe-key",
    name="stripe-api-key",
    credential_type="secret",
    credential=skyvern.SecretCredentialArgs(
        secret_value=config.require_secret("stripeKey"),
        secret_label="stripe",
    ),
    folder_id=team.folder_id,
)

pulumi.export("folderId", team.folder_id)
pulumi.export("githubBotId", github_bot.credential_id)
pulumi.export("companyCardId", company_card.credential_id)
pulumi.export("companyCardLastFour", company_card.last_four)
pulumi.export("stripeKeyId", stripe_key.credential_id)
