"""Reports, as JSON on stdout, what the installed pulumi_skyvern package offers and what it sends.

Run by tests/native/python-sdk.test.ts in a virtualenv holding the generated package. It registers
one Credential and one CredentialFolder against Pulumi's mock resource monitor
(pulumi.runtime.set_mocks) and records each RegisterResource request as it would reach the engine:
type token, wire (camelCase) property names, which properties travel as secrets, and
additionalSecretOutputs. The test holds the assertions; this script only gathers the evidence.
"""

import importlib.metadata
import inspect
import json
import typing

import pulumi
import pulumi.runtime
from google.protobuf import json_format

import pulumi_skyvern as skyvern

# The marker Pulumi's wire format puts on a secret value: {SIG: SECRET_SIG, "value": ...}.
SIG = "4dabf18193072939515e22adb298388d"
SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270"


def wire_shape(value):
    """Property names as sent, with secrets shown as {"<secret>": shape}."""
    if isinstance(value, dict):
        if value.get(SIG) == SECRET_SIG:
            return {"<secret>": wire_shape(value.get("value"))}
        return {key: wire_shape(item) for key, item in value.items()}
    return value


class RecordingMonitor(pulumi.runtime.mocks.MockMonitor):
    """The mock monitor, also keeping each RegisterResource request it receives."""

    def __init__(self, mocks):
        super().__init__(mocks)
        self.requests = []

    def RegisterResource(self, request):
        if request.type != "pulumi:pulumi:Stack":
            self.requests.append({
                "type": request.type,
                "name": request.name,
                "object": wire_shape(json_format.MessageToDict(request.object)),
                "additionalSecretOutputs": list(request.additionalSecretOutputs),
            })
        return super().RegisterResource(request)


class Mocks(pulumi.runtime.Mocks):
    """Creates every resource with its inputs as state plus the ids the provider would report."""

    def new_resource(self, args):
        ids = {"skyvern:index:Credential": {"credentialId": "cred_mock"},
               "skyvern:index:CredentialFolder": {"folderId": "cfld_mock"}}
        return f"{args.name}-id", {**args.inputs, **ids.get(args.typ, {})}

    def call(self, args):
        return {}, None


def parameters(function):
    return [name for name in inspect.signature(function).parameters if name not in ("__self__", "self")]


facts = {
    "pulumiVersion": importlib.metadata.version("pulumi"),
    "packageVersion": importlib.metadata.version("pulumi_skyvern"),
    "exports": sorted(name for name in dir(skyvern) if not name.startswith("_")),
    # The public keyword overload: Credential(resource_name, opts=None, *, credential_type=..., ...).
    "credentialInitOverloads": [parameters(overload) for overload in typing.get_overloads(skyvern.Credential.__init__)],
    "credentialArgsRequired": [name for name, parameter in inspect.signature(skyvern.CredentialArgs.__init__).parameters.items()
                               if parameter.default is inspect.Parameter.empty and name != "__self__"],
}

monitor = RecordingMonitor(Mocks())
pulumi.runtime.set_mocks(Mocks(), monitor=monitor, preview=False)
outputs = {}


@pulumi.runtime.test
def register():
    folder = skyvern.CredentialFolder("cards", title="Cards")
    card = skyvern.Credential(
        "card",
        credential_type="credit_card",
        credential=skyvern.CreditCardCredentialArgs(
            card_number="4242 4242 4242 4242", card_cvv="123", card_exp_month="12", card_exp_year="2030",
            card_brand="visa", card_holder_name="Ada Lovelace",
            billing_address=skyvern.CreditCardBillingAddressArgs(postal_code="94105", country_code="US"),
        ),
        name="Company card",
        vault_type="skyvern",
        folder_id=folder.folder_id,
        proxy_location=skyvern.GeoTargetArgs(country="US", subdivision="CA"),
    )
    # The same inputs as a plain dict (the *ArgsDict TypedDict form), snake_case keys.
    skyvern.Credential(
        "login",
        credential_type="password",
        credential={"username": "ada", "password": "correct horse", "totp_type": "authenticator",
                    "totp": "JBSWY3DPEHPK3PXP", "metadata": {"team_id": "t1"}},
    )

    def keep(values):
        outputs.update(zip(["credentialId", "folderId", "credentialIsSecret"], values))

    return pulumi.Output.all(card.credential_id, folder.folder_id, pulumi.Output.is_secret(card.credential)).apply(keep)


register()
facts["registrations"] = monitor.requests
facts["outputs"] = outputs
print(json.dumps(facts, indent=2, sort_keys=True))
