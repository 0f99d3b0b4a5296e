"""Typed form fields and a service's error on a form (``hotro.core.forms``), shared by every app's views."""

import pytest
from django import forms

from hotro.accounts.services import AccountError
from hotro.core.forms import add_service_error, field_of
from hotro.desk.errors import DeskError


class ReplyForm(forms.Form):
    body = forms.CharField()
    then_status = forms.ChoiceField(choices=[("", "-")], required=False)


def test_field_of_gives_the_field_as_its_declared_class():
    form = ReplyForm()
    field = field_of(form, "then_status", forms.ChoiceField)
    field.choices = [("pending", "Pending")]
    assert form.fields["then_status"].choices == [("pending", "Pending")]


def test_field_of_refuses_a_field_of_another_class():
    with pytest.raises(TypeError, match=r"ReplyForm\.body is a CharField, not a ChoiceField"):
        field_of(ReplyForm(), "body", forms.ChoiceField)


def test_a_service_error_lands_on_the_field_it_names():
    form = ReplyForm({"body": "Xin chào"})
    form.is_valid()
    add_service_error(form, DeskError("The message is too long.", field="body"))
    assert form.errors == {"body": ["The message is too long."]}


def test_a_service_error_naming_no_field_of_the_form_lands_on_the_whole_form():
    form = ReplyForm({"body": "Xin chào"})
    form.is_valid()
    add_service_error(form, AccountError("An account with this email address already exists.", field="email"))
    add_service_error(form, DeskError("A closed ticket cannot be answered."))
    assert form.non_field_errors() == [
        "An account with this email address already exists.",
        "A closed ticket cannot be answered.",
    ]


def test_a_renamed_field_takes_the_error_of_the_service_argument():
    form = ReplyForm({"body": "Xin chào"})
    form.is_valid()
    add_service_error(
        form, DeskError("This status change is not allowed.", field="status"), renamed={"status": "then_status"}
    )
    assert form.errors == {"then_status": ["This status change is not allowed."]}
