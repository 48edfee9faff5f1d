// A team's Skyvern credentials from a Go program: a folder, a GitHub login with its authenticator
// seed, a company card and an API key. Every secret comes from stack config (`pulumi config set
// --secret ...`), so rotating one is a config change and `pulumi up`.
package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
	"github.com/skyvern-pulumi/pulumi-skyvern/sdk/go/skyvern"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := config.New(ctx, "")

		team, err := skyvern.NewCredentialFolder(ctx, "team", &skyvern.CredentialFolderArgs{
			Title:       pulumi.String("Team logins"),
			Description: pulumi.String("Managed by Pulumi; change through a pull request."),
		})
		if err != nil {
			return err
		}

		githubBot, err := skyvern.NewCredential(ctx, "github-bot", &skyvern.CredentialArgs{
			Name:           pulumi.String("github-bot"),
			CredentialType: pulumi.String("password"),
			Credential: skyvern.PasswordCredentialArgs{
				Username: pulumi.String("bot@example.com"),
				Password: cfg.RequireSecret("githubPassword"),
				Totp:     cfg.RequireSecret("githubTotpSeed"),
				TotpType: pulumi.String("authenticator"),
			},
			TestedUrl: pulumi.String("https://github.com/login"),
			FolderId:  team.FolderId,
		})
		if err != nil {
			return err
		}

		companyCard, err := skyvern.NewCredential(ctx, "company-card", &skyvern.CredentialArgs{
			Name:           pulumi.String("company-card"),
			CredentialType: pulumi.String("credit_card"),
			Credential: skyvern.CreditCardCredentialArgs{
				CardNumber:     cfg.RequireSecret("cardNumber"),
				CardCvv:        cfg.RequireSecret("cardCvv"),
				CardExpMonth:   pulumi.String("07"),
				CardExpYear:    pulumi.String("2031"),
				CardBrand:      pulumi.String("visa"),
				CardHolderName: pulumi.String("Ada Lovelace"),
				BillingAddress: skyvern.CreditCardBillingAddressArgs{
					PostalCode:  pulumi.String("94105"),
					CountryCode: pulumi.String("US"),
				},
			},
			FolderId: team.FolderId,
		})
		if err != nil {
			return err
		}

		stripeKey, err := skyvern.NewCredential(ctx, "stripe-key", &skyvern.CredentialArgs{
			Name:           pulumi.String("stripe-api-key"),
			CredentialType: pulumi.String("secret"),
			Credential: skyvern.SecretCredentialArgs{
				SecretValue: cfg.RequireSecret("stripeKey"),
				SecretLabel: pulumi.String("stripe"),
			},
			FolderId: team.FolderId,
		})
		if err != nil {
			return err
		}

		ctx.Export("folderId", team.FolderId)
		ctx.Export("githubBotId", githubBot.CredentialId)
		ctx.Export("companyCardId", companyCard.CredentialId)
		ctx.Export("companyCardLastFour", companyCard.LastFour)
		ctx.Export("stripeKeyId", stripeKey.CredentialId)
		return nil
	})
}
