from .models import Message, Thread


def erase_threads(sender, user=None, businesses=None, **kwargs):
    """A deletion request (UU 27/2022) erases what the person wrote to Dinas: their threads
    go entirely (Dinas's answers quote them), and their messages in any other thread."""
    if user is None:
        return
    Thread.objects.filter(writer=user).delete()
    Message.objects.filter(author=user).delete()
